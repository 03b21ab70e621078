"""The first import's libraries are loaded on a thread of their own (``catalogue.warmup``).

In a child process, which starts with none of them loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import json, sys
    from jiancha.catalogue import warmup
    from jiancha.catalogue.vectorised import idarrays

    def loaded():
        return ("cn2an" in sys.modules, "numpy.ma" in sys.modules,
                idarrays.region_years.cache_info().currsize)

    before = loaded()
    thread = warmup.start()
    again = warmup.start()
    thread.join(60)
    after = loaded()
    print(json.dumps({"before": before, "after": after, "once": thread is again,
                      "name": thread.name, "daemon": thread.daemon, "done": not thread.is_alive()}))
    """
)


def test_the_libraries_are_loaded_once_by_a_daemon_thread() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {
        "before": [False, False, 0],
        "after": [True, True, 1],
        "once": True,
        "name": "jiancha-warm-up",
        "daemon": True,
        "done": True,
    }
