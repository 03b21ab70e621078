"""Masking for the API: the same functions as everywhere (``jiancha.governance.masking``)."""

from jiancha.governance.masking import mask_any, mask_lead, mask_text

__all__ = ["mask_any", "mask_lead", "mask_text"]
