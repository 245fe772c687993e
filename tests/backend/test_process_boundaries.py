"""Each process imports only its own code: the backend runs in an environment of its own
(.venv-backend: SQLAlchemy 2.0, no Rasa), the Rasa server and the action server in theirs (.venv).
The other direction (bot/ and actions/ never import the backend) is tests/contract/test_contract.py.

Read from the source (no module is imported), like tests/backend/test_layering.py.
"""

from __future__ import annotations

from pathlib import Path

from tests.backend.test_layering import imported_modules, is_within

ROOT = Path(__file__).resolve().parents[2]

# What only the assistant's environment has: Rasa, its web server and spaCy, and the code that
# runs inside the Rasa server or the action server.
ASSISTANT_ONLY = ("rasa", "rasa_sdk", "sanic", "spacy", "bot", "actions")


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_the_backend_imports_nothing_of_the_assistant():
    files = python_files("backend")
    assert files, "backend/ is missing"

    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in files
        for module in imported_modules(path)
        if is_within(module, ASSISTANT_ONLY)
    }

    assert sorted(offenders) == []
