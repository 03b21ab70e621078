"""Shipped supervision model templates (模型模板库): spec files ready to install and run.

Owns: the template YAML files in this folder (one per model, in Chinese, with description,
legal basis, risk grade and parameters) and finding and loading them. Must not touch: the
catalogue or any office's data; binding a template to datasets is done by whoever installs it
(the demo county binds by input label, see ``jiancha.demo.datasets``).
"""

from __future__ import annotations

from pathlib import Path

from jiancha.errors import JianchaError
from jiancha.modelling import Spec, load_spec_file

TEMPLATE_DIR = Path(__file__).parent


def template_files() -> list[Path]:
    return sorted(TEMPLATE_DIR.glob("*.yaml"))


def load_templates() -> list[Spec]:
    return [load_spec_file(path) for path in template_files()]


def load_template(template_id: str) -> Spec:
    path = TEMPLATE_DIR / f"{template_id}.yaml"
    if not path.is_file():
        known = "、".join(p.stem for p in template_files())
        raise JianchaError(f"没有模板 `{template_id}`", hint=f"可用模板：{known}")
    return load_spec_file(path)


__all__ = ["TEMPLATE_DIR", "load_template", "load_templates", "template_files"]
