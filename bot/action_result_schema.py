"""Rasa checks each custom action's answer with a schema validator built once, not per call.

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate`, which first checks
the response schema itself against JSON Schema's meta-schema and builds a new validator: on every
custom action call, and every question this assistant asks is one. Under load that was about
42 % of the Rasa server's CPU (issue 15; `benchmarks/action_validation.py` measures it). The
schema never changes, so `install()` checks it once and keeps one validator; each answer is then
judged exactly as `jsonschema.validate` judges it (the best-matching error, with Rasa's message).

That validator still tried each event against all 23 event kinds of the schema's `oneOf` (2.5 ms
for a form step; 6 % of the production Rasa server's CPU). Every kind is told by its own `event`
name (a `const`), so an event can only match the kind it names: an answer is first checked with
the `oneOf` taken out and each event against its own kind alone; only an answer refused that way
is judged by the whole schema (which words the error).
"""

from __future__ import annotations

from copy import deepcopy
from functools import cache
from typing import Any

from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@cache
def _validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    kind = validator_for(schema)
    kind.check_schema(schema)
    return kind(schema)


@cache
def _by_event_kind() -> tuple[Validator, dict[str, Validator]]:
    """The schema without the events' `oneOf`, and a validator per event kind, by its name."""
    schema = deepcopy(RemoteAction.action_response_format_spec())
    kinds = schema["properties"]["events"]["items"].pop("oneOf")
    validator = validator_for(schema)
    named = {kind["properties"]["event"]["const"]: validator(kind) for kind in kinds}
    if len(named) != len(kinds):  # two kinds of one name: only the whole schema can judge
        raise ValueError("event kinds are not told apart by their names")
    return validator(schema), named


def _plainly_valid(result: Any) -> bool:
    outer, kinds = _by_event_kind()
    if not outer.is_valid(result):
        return False
    for event in result.get("events") or []:
        kind = kinds.get(event["event"])
        if kind is None or not kind.is_valid(event):
            return False
    return True


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if _plainly_valid(result):
        return True
    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Make every `RemoteAction` in this process validate with the one prepared validator."""
    RemoteAction._validate_action_result = _validate_action_result
