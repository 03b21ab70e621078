"""Leads (线索): built from a run's result rows, identified by fingerprint, kept across runs.

Owns: the fingerprint, a lead's title, evidence and explanation, upserting a run's leads
(new / seen again / no longer hit) and routing them to offices, the workflow, assignment and
referral, actions and feedback, and the tallies that count leads for lists and statistics.
Must not touch: how results are computed (modelling, engines). The workflow's rules are pure
(``workflow``); ``handling`` applies and records them.
"""

from jiancha.leads.build import LeadBuilder, LeadRecord, fingerprint
from jiancha.leads.explain import render
from jiancha.leads.handling import history, move_lead
from jiancha.leads.query import LeadFilter, exact_total, list_leads, search_leads
from jiancha.leads.upsert import UpsertCounts, upsert_leads
from jiancha.leads.workflow import Move

__all__ = [
    "LeadBuilder",
    "LeadFilter",
    "LeadRecord",
    "Move",
    "UpsertCounts",
    "exact_total",
    "fingerprint",
    "history",
    "list_leads",
    "move_lead",
    "render",
    "search_leads",
    "upsert_leads",
]
