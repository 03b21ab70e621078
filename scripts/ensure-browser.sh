#!/usr/bin/env bash
# Make sure the browser tests (tests/web) have Debian's Chromium and a CJK font, so that the
# console's Chinese shows in screenshots. Installs the Debian packages `chromium` and
# `fonts-wqy-zenhei` with apt-get only when one is missing; otherwise does nothing, quietly.
# (Playwright's own browser download is not used: it is not reachable on an isolated network.)
set -euo pipefail
CHROMIUM=/usr/bin/chromium
FONT=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -f "$FONT" ] || missing+=(fonts-wqy-zenhei)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages for the browser tests: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[ -x "$CHROMIUM" ] || { echo "Chromium was not installed at $CHROMIUM" >&2; exit 1; }
[ -f "$FONT" ] || { echo "The font fonts-wqy-zenhei was not installed ($FONT)" >&2; exit 1; }
command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1 || true
