"""Masking for the API: the same functions as everywhere (``jiancha.governance.masking``)."""

from jiancha.governance.masking import Known, known_values, mask_any, mask_lead, mask_text

__all__ = ["Known", "known_values", "mask_any", "mask_lead", "mask_text"]
