"""What a process's first import would otherwise load on its critical path, loaded beside it.

Importing ``cn2an`` compiles its regular expressions (0.1–0.2 s here, more than planning all
the fields of a file), the ID array twin builds its table of a million region codes, and numpy
loads its masked arrays the first time pyarrow converts one of its arrays. The
first import of a process (a command, a worker's first job) used to pay them while planning its
fields or cleaning its first batch. :func:`start` loads them once per process on a thread of its
own, started before the source is opened: the calling thread is then waiting for the first batch
to be read and parsed (pyarrow, which releases the GIL), so the loading fills that wait. Nothing
waits for the thread: a type that needs ``cn2an`` before it is loaded waits on Python's import
lock, as it would have loaded it itself; a failure here is left for that use to report.
"""

from __future__ import annotations

import threading
from functools import cache


def _load() -> None:
    try:
        # numpy loads numpy.ma (10 ms) the first time pyarrow is handed an array: the first
        # batch's row numbers (``sources.base.row_numbers``), on the critical path otherwise
        import numpy.ma  # noqa: F401

        from jiancha.catalogue.vectorised.idarrays import region_years
        from jiancha.identifiers._chinese import load_library

        load_library()
        region_years()
    except Exception:  # the use that needs it reports the error
        return


@cache
def start() -> threading.Thread:
    """Start loading, once per process; the loading thread."""
    thread = threading.Thread(target=_load, name="jiancha-warm-up", daemon=True)
    thread.start()
    return thread
