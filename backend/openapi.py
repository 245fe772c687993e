"""The API contract: the OpenAPI document, and request bodies checked against its schemas.

``openapi.yaml`` is the one source of truth: it is served at ``/api/openapi.json`` and its
``components.schemas`` validate what clients send. Schema errors become ``Problem``s with the
codes clients rely on (``required``, ``invalid_type``, ``invalid_value``, ``invalid_amount``);
a schema may name its own code and message with ``x-error-code`` / ``x-error-message``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker, RefResolver
from jsonschema.exceptions import ValidationError

from backend.clock import parse_date, parse_timestamp
from backend.problem import Problem
from backend.refusals import InvalidBody

OPENAPI_PATH = Path(__file__).resolve().parent / "openapi.yaml"

_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date", raises=ValueError)
def _is_date(instance: object) -> bool:
    # Formats only constrain strings; other types are the "type" keyword's business.
    return not isinstance(instance, str) or bool(parse_date(instance))


@_FORMATS.checks("date-time", raises=ValueError)
def _is_timestamp(instance: object) -> bool:
    return not isinstance(instance, str) or bool(parse_timestamp(instance))


_TYPE_NAMES = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI document, parsed once."""
    with OPENAPI_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@functools.cache
def _validator(schema_name: str) -> Draft202012Validator:
    document = openapi_document()
    if schema_name not in document["components"]["schemas"]:
        raise KeyError(f"openapi.yaml has no schema {schema_name!r}")
    return Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema_name}"},
        resolver=RefResolver.from_schema(document),
        format_checker=_FORMATS,
    )


def schema_problems(schema_name: str, body: Any) -> list[Problem]:
    """Everything wrong with ``body`` according to the named schema (empty if it conforms)."""
    found = {
        problem
        for error in _validator(schema_name).iter_errors(body)
        for problem in _explain(error)
    }
    return sorted(found, key=lambda problem: (problem.field or "", problem.code))


def validate_body(schema_name: str, body: Any) -> None:
    """Refuse (``InvalidBody``) with every problem if ``body`` does not fit the schema."""
    problems = schema_problems(schema_name, body)
    if problems:
        raise InvalidBody(problems)


def field_name(path: Iterable[str | int]) -> str | None:
    """A JSON location as clients read it: ``orders[0].items[1].price``."""
    name = ""
    for step in path:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else step)
    return name or None


def _explain(error: ValidationError) -> Iterator[Problem]:
    """Turn one jsonschema error into the problems a client can act on."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        intended = _intended_branch(error.context)
        if intended is not None:
            for suberror in intended:
                yield from _explain(suberror)
            return
    path = list(error.absolute_path)
    if error.validator == "required":
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                field = field_name([*path, name])
                yield Problem("required", field, f"{field} is required.")
        return
    schema = error.schema if isinstance(error.schema, dict) else {}
    code = schema.get("x-error-code") or (
        "invalid_type" if error.validator == "type" else "invalid_value"
    )
    field = field_name(path)
    message = schema.get("x-error-message") or _default_message(error)
    yield Problem(code, field, f"{field or 'The body'} {message}.")


def _intended_branch(errors: Iterable[ValidationError]) -> list[ValidationError] | None:
    """For "X or null", the errors of the X branch when the client clearly meant X."""
    by_branch: dict[Any, list[ValidationError]] = defaultdict(list)
    for suberror in errors:
        by_branch[suberror.relative_schema_path[0]].append(suberror)
    meant = [
        branch
        for branch in by_branch.values()
        if not all(e.validator == "type" and e.validator_value == "null" for e in branch)
    ]
    return meant[0] if len(meant) == 1 else None


def _default_message(error: ValidationError) -> str:
    value = error.validator_value
    if error.validator == "type":
        kinds = value if isinstance(value, list) else [value]
        return "must be " + " or ".join(_TYPE_NAMES.get(kind, kind) for kind in kinds)
    if error.validator == "enum":
        return "must be one of: " + ", ".join(str(option) for option in value)
    if error.validator == "minLength":
        return "must not be empty" if value == 1 else f"must be at least {value} characters"
    if error.validator == "maxLength":
        return f"must be at most {value} characters"
    if error.validator == "minItems":
        return "must not be empty" if value == 1 else f"must have at least {value} entries"
    if error.validator == "maxItems":
        return f"must have at most {value} entries"
    if error.validator == "minimum":
        return f"must be at least {value}"
    if error.validator == "maximum":
        return f"must be at most {value}"
    return "is not valid"
