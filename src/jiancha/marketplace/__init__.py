"""The model marketplace (模型超市): models, their versions, adoptions by offices, the five-step
publication, the marketplace's views and campaigns (专项).

Owns: what a model is beyond one office's installation — its immutable versions (``versions``),
which office adopted which version with which bindings (``adoptions``), the publication steps and
their decisions, the model card, campaigns and the marketplace's figures across offices.
Must not touch: compiling or running a spec (``modelling``, ``runs``), the lead workflow
(``leads``), nor the store's schema (``store``).
"""

from jiancha.marketplace.adoptions import adoption_ids, find_adoption
from jiancha.marketplace.versions import register_version, spec_diff

__all__ = ["adoption_ids", "find_adoption", "register_version", "spec_diff"]
