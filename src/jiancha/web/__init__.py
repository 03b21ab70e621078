"""The web console's built files and how the API serves them.

Owns: serving ``dist/`` (the output of ``make web``, built from ``web/`` at the repository root
and shipped in the wheel as package data) — ``/assets/*`` with long cache lifetimes (their names
carry a content hash), ``index.html`` for ``/`` and for every other page address of the
console (history-mode routes such as ``/leads/12`` work on reload). Must not touch: the API's
routes (an unknown ``/api/...`` path stays the API's JSON 404) and the files in ``dist/``,
which only the build writes.
"""

from jiancha.web.serving import DIST, install

__all__ = ["DIST", "install"]
