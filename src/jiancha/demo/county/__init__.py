"""The demo county: 22 agency datasets of a fictional county with planted violations.

Owns: generating the files of the registry in :mod:`jiancha.demo.datasets` (their formats,
headers and the messy forms each office writes), the ground truth of every shipped template
(``ground_truth.csv``: planted violations, never the background) and ``manifest.json``. Must not
touch: the catalogue, templates or CLI — they read what this package writes. The contract with
the templates is docs/templates.md.
"""

from jiancha.demo.county.generate import generate_county
from jiancha.demo.county.manifest import CountyManifest, DatasetFacts, read_ground_truth

__all__ = ["CountyManifest", "DatasetFacts", "generate_county", "read_ground_truth"]
