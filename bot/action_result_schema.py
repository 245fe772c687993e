"""Rasa checks each custom action's answer with a schema validator built once, not per call.

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate`, which first checks
the response schema itself against JSON Schema's meta-schema and builds a new validator: on every
custom action call, and every question this assistant asks is one. Under load that was about
42 % of the Rasa server's CPU (issue 15; `benchmarks/action_validation.py` measures it). The
schema never changes, so `install()` checks it once and keeps one validator; each answer is then
judged exactly as `jsonschema.validate` judges it (the best-matching error, with Rasa's message).
"""

from __future__ import annotations

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


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
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
