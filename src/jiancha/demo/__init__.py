"""Demo data: files in the forms real offices receive, with deliberate flaws.

Owns: generating sample source files (GBK CSV, Excel, JSON Lines) and the demo workflow that
imports them through the real import path. Must not touch: the catalogue's internals (it calls
the public ``jiancha.catalogue`` API like any user would).
"""

from jiancha.demo.samples import PeopleGenerator, write_sample_files

__all__ = ["PeopleGenerator", "write_sample_files"]
