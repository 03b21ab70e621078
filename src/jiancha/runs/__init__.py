"""Runs (模型运行): executing an installed model and recording what it found.

Owns: resolving an installed model's bindings to dataset versions, running the compiled SQL on
an engine, handing the rows to the leads package, and the Run record (who, when, spec version,
parameters, dataset versions, engine, duration, counts). Sits above modelling, engines and
leads; none of them imports it.
"""

from jiancha.runs.runner import installed, model_sql, run_model
from jiancha.runs.views import list_models, list_runs, show_model

__all__ = ["installed", "list_models", "list_runs", "model_sql", "run_model", "show_model"]
