"""One contract: the assistant (bot/) and the action server (actions/) reach the backend only over
HTTP, claims_contract needs only what every process has, and backend/openapi.yaml says what claims_contract says."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any

import yaml

from claims_contract.claims import CLAIM_REFERENCE_PATTERN, MAX_TEXT_CHARS, TREATMENTS

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = yaml.safe_load((ROOT / "backend" / "openapi.yaml").read_text(encoding="utf-8"))


def imported_modules(path: Path) -> set[str]:
    """Every absolute module ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def imports_under(package: str) -> set[tuple[str, str]]:
    """(file, top-level module) for every import in ``package``."""
    return {
        (str(path.relative_to(ROOT)), module.split(".")[0])
        for path in sorted((ROOT / package).rglob("*.py"))
        for module in imported_modules(path)
    }


def walk(node: Any) -> list[dict[str, Any]]:
    """Every mapping in the OpenAPI document."""
    if isinstance(node, dict):
        return [node, *(found for value in node.values() for found in walk(value))]
    if isinstance(node, list):
        return [found for value in node for found in walk(value)]
    return []


def test_the_assistant_and_the_action_server_never_import_the_backend():
    crossing = sorted(
        (path, module)
        for package in ("bot", "actions")
        for path, module in imports_under(package)
        if module == "backend"
    )

    assert crossing == []


# What every process's environment has (pyproject's base dependencies) besides the standard library.
SHARED_DEPENDENCIES = {"jwt"}


def test_the_contract_needs_only_what_every_process_has():
    outside = sorted(
        (path, module)
        for path, module in imports_under("claims_contract")
        if module not in sys.stdlib_module_names
        and module not in {"claims_contract", *SHARED_DEPENDENCIES}
    )

    assert outside == []


def test_openapi_names_claim_references_as_the_code_does():
    patterns = {
        node["pattern"]
        for node in walk(OPENAPI)
        if str(node.get("pattern", "")).startswith("^CLM-")
    }

    assert patterns == {CLAIM_REFERENCE_PATTERN}


def test_openapi_lists_the_treatments_and_the_text_limit_of_the_contract():
    schemas = OPENAPI["components"]["schemas"]

    assert tuple(schemas["Injury"]["properties"]["treatment"]["enum"]) == TREATMENTS
    assert schemas["Text"]["maxLength"] == MAX_TEXT_CHARS
