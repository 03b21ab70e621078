"""HTTP API (FastAPI): what the console and other systems use.

Owns: routes, request and response shapes, authentication of requests (bearer tokens from
``/api/login``), and masking of personal identifiers in what it returns. Must not touch: the
metadata tables directly for writing business data — it calls the capability packages
(catalogue, runs, leads, governance) exactly as the command line does.
"""

from jiancha.api.app import create_app

__all__ = ["create_app"]
