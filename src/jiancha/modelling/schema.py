"""The JSON Schema of spec v1, published by ``jiancha model schema`` and used by the validator.

The schema checks shape (keys, types, enumerations); what it cannot see (columns that exist,
expressions that are allowed, parameter defaults of the right type) is checked afterwards by
:mod:`jiancha.modelling.validate`.
"""

from __future__ import annotations

from typing import Any

from jiancha.identifiers import names as semantic_names
from jiancha.modelling.spec import (
    ANOMALY_METHODS,
    AREAS,
    COLUMNS,
    KINDS,
    LABEL,
    LINES,
    PARAMETER_TYPES,
    RISKS,
    RUN_ON_IMPORT,
)

SCHEMA_ID = "https://jiancha.invalid/schema/model-spec-v1.json"

_IDENT = {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}
_QUALIFIED = {"type": "string", "pattern": "^([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*$"}
_EXPR = {"type": "string", "minLength": 1, "maxLength": 2000}
_LABEL = {"type": "string", "minLength": 1, "maxLength": 200}
"""A step's plain Chinese sentence (``{name}`` names a parameter, filled with the run's value)."""
_ON = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": _IDENT},
}


def _step(name: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [name],
        "properties": {name: body},
        "additionalProperties": False,
    }


def _join(extra: dict[str, Any] | None = None) -> dict[str, Any]:
    properties: dict[str, Any] = {"input": _IDENT, "on": _ON, "where": _EXPR, **(extra or {})}
    return {
        "type": "object",
        "required": ["input", "on"],
        "properties": properties,
        "additionalProperties": False,
    }


STEP_SCHEMAS: dict[str, dict[str, Any]] = {
    "from": _IDENT,
    "filter": _EXPR,
    "derive": {
        "type": "object",
        "minProperties": 1,
        "propertyNames": _IDENT,
        "additionalProperties": _EXPR,
    },
    "join": _join({"type": {"enum": ["inner", "left"]}}),
    "anti_join": _join(),
    "semi_join": _join(),
    "aggregate": {
        "type": "object",
        "required": ["measures"],
        "properties": {
            "by": {"type": "array", "items": _IDENT},
            "measures": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": _IDENT,
                "additionalProperties": _EXPR,
            },
            "having": _EXPR,
        },
        "additionalProperties": False,
    },
    "anomaly": {
        "type": "object",
        "required": ["value", "method", "threshold"],
        "properties": {
            "value": _EXPR,
            "by": {"type": "array", "items": _IDENT},
            "method": {"enum": list(ANOMALY_METHODS)},
            "threshold": {"type": "number", "exclusiveMinimum": 0},
        },
        "additionalProperties": False,
    },
    "select": {"type": "array", "minItems": 1, "items": _QUALIFIED},
}

SPEC_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "Jiancha supervision model spec, version 1",
    "type": "object",
    "required": [
        "spec",
        "id",
        "version",
        "name",
        "area",
        "line",
        "kind",
        "risk",
        "inputs",
        "steps",
        "lead",
    ],
    "additionalProperties": False,
    "properties": {
        "spec": {"const": 1},
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,79}$"},
        "version": {"type": "string", "pattern": "^[0-9]+\\.[0-9]+\\.[0-9]+$"},
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "area": {"enum": list(AREAS)},
        "line": {"enum": list(LINES)},
        "kind": {"enum": list(KINDS)},
        "risk": {"enum": list(RISKS)},
        "description": {"type": "string"},
        "legal_basis": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "parameters": {
            "type": "object",
            "propertyNames": _IDENT,
            "additionalProperties": {
                "type": "object",
                "required": ["type", "default"],
                "properties": {
                    "type": {"enum": list(PARAMETER_TYPES)},
                    "default": {},
                    "label": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
        "inputs": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": _IDENT,
            "additionalProperties": {
                "type": "object",
                "required": ["fields"],
                "properties": {
                    "label": {"type": "string"},
                    "fields": {
                        "type": "object",
                        "minProperties": 1,
                        "propertyNames": _IDENT,
                        "additionalProperties": {"enum": list(semantic_names())},
                    },
                },
                "additionalProperties": False,
            },
        },
        "steps": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 2,
                "propertyNames": {"enum": [*STEP_SCHEMAS, LABEL]},
                "properties": {**STEP_SCHEMAS, LABEL: _LABEL},
                # one step kind, and beside it at most its plain-language label
                "if": {"required": [LABEL]},
                "then": {"minProperties": 2},
                "else": {"maxProperties": 1},
            },
        },
        # the Chinese name of each column the model computes (a derive or aggregate step's)
        COLUMNS: {
            "type": "object",
            "propertyNames": _IDENT,
            "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 100},
        },
        RUN_ON_IMPORT: {"type": "boolean"},  # run again whenever a bound dataset is imported
        "lead": {
            "type": "object",
            "required": ["subject", "title", "evidence"],
            "additionalProperties": False,
            "properties": {
                "subject": {
                    "type": "object",
                    "required": ["type", "key"],
                    "additionalProperties": False,
                    "properties": {
                        "type": {"enum": ["person", "company", "case", "vehicle", "org", "other"]},
                        "key": _QUALIFIED,
                        "name": _QUALIFIED,
                    },
                },
                "title": {"type": "string", "minLength": 1, "maxLength": 500},
                "jurisdiction": {"anyOf": [_QUALIFIED, {"type": "null"}]},
                "evidence": {"type": "array", "minItems": 1, "items": _QUALIFIED},
                "amount": {"anyOf": [_EXPR, {"type": "null"}]},
            },
        },
    },
}
