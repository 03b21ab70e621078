"""Leads (线索): built from a run's result rows, identified by fingerprint, kept across runs.

Owns: the fingerprint, a lead's title, evidence and explanation, and upserting a run's leads
(new / seen again / no longer hit). Must not touch: how results are computed (modelling,
engines) or, for now, the verification workflow that later steps add on top.
"""

from jiancha.leads.build import LeadBuilder, LeadRecord, fingerprint
from jiancha.leads.explain import render
from jiancha.leads.upsert import UpsertCounts, list_leads, upsert_leads

__all__ = [
    "LeadBuilder",
    "LeadRecord",
    "UpsertCounts",
    "fingerprint",
    "list_leads",
    "render",
    "upsert_leads",
]
