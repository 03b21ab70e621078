"""Jiancha (检察): an open-source big-data legal supervision platform.

Capabilities live one per sub-package: ``identifiers`` (semantic value types), ``store``
(workspace and metadata database), ``catalogue`` (datasets: import, standardisation, quality,
classification) and ``cli`` (the ``jiancha`` command). Later capabilities (modelling, engines,
leads, governance, …) follow the same layout.
"""

__version__ = "0.1.0"
