"""Length-preserving clean-up of document text, so offsets found in it point into the original.

Every replacement keeps the number of characters: full-width and other odd spaces become a
plain space, a literal ``\\n`` (two characters) or ``＼n`` becomes two spaces, HTML tags and
entities become spaces of the same length, full-width digits become ASCII digits and the
variant zeros ``○ О Ｏ`` become ``〇``. Headings with spaces between their characters
(``刑 事 判 决 书``, ``审 判 长``) are matched by the patterns themselves (``GAP`` below).
"""

from __future__ import annotations

import re

GAP = r"[ \u3000]*"
"""Optional spaces between the characters of a spaced-out heading."""

OPEN = "（(〔［[【﹝"
CLOSE = "）)〕］]】﹞"
OPEN_CLASS = "[（(〔［\\[【﹝]"
CLOSE_CLASS = "[）)〕］\\]】﹞]"

_TABLE = str.maketrans(
    {
        "\u3000": " ",
        "\t": " ",
        "\r": " ",
        "\n": " ",
        "\xa0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u200b": " ",
        "\ufeff": " ",
        "○": "〇",
        "О": "〇",
        "Ｏ": "〇",
        "◯": "〇",
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)
_NOISE = re.compile(r"\\n|＼n|\\r|＼r|\\t|<[^<>\n]{0,40}>|&(?:nbsp|amp|lt|gt|quot);")


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def normalize(text: str) -> str:
    """Return ``text`` cleaned for matching, with exactly the same length."""
    cleaned = _NOISE.sub(_blank, text.translate(_TABLE))
    assert len(cleaned) == len(text)
    return cleaned


def squeeze(fragment: str) -> str:
    """A fragment as a value: spaces removed (names and numbers carry no spaces)."""
    return re.sub(r"\s+", "", fragment)


_BRACKETS = str.maketrans({**dict.fromkeys(OPEN, "("), **dict.fromkeys(CLOSE, ")")})


def number_key(number: str) -> str:
    """A document number compared ignoring spaces and bracket variants."""
    return squeeze(number).translate(_BRACKETS)


def mentions(text: str, start: int, end: int, name: str, names: tuple[str, ...] = ()) -> bool:
    """Whether ``text[start:end]`` names ``name`` itself, not only a longer name among ``names``
    that begins with it (``陈琴`` in ``陈琴慧``, ``王某`` in ``王某某``)."""
    longer = [n for n in names if n != name and n.startswith(name)]
    position = text.find(name, start, end)
    while position >= 0:
        if not any(text.startswith(n, position) for n in longer):
            return True
        position = text.find(name, position + 1, end)
    return False
