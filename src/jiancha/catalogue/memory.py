"""The importing process's memory policy: small pages instead of transparent huge pages.

An import allocates and frees many short-lived buffers (Arrow's mimalloc, numpy through
glibc). Where the kernel backs anonymous memory with 2 MiB huge pages on request (THP in
``madvise`` mode, as on these machines: mimalloc and numpy both ask), the first touch of any
byte of such a region makes the kernel zero all 2 MiB, though a buffer may use a few KiB of it:
a fifth of an import's CPU samples were in ``clear_page_erms``. Like Redis (``disable-thp``),
the process opts out of huge pages for itself with ``prctl(PR_SET_THP_DISABLE)`` (children it
starts afterwards inherit that, as Linux passes it on; none of ours asks for huge pages); other
processes and the system setting are untouched. Elsewhere (not Linux, or refused) nothing
happens. Measured in ``docs/import.md``.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache

PR_SET_THP_DISABLE = 41
"""From ``<linux/prctl.h>`` (Linux 3.15 and later)."""


@cache
def small_pages() -> bool:
    """Opt this process out of transparent huge pages, once; whether the kernel agreed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False
