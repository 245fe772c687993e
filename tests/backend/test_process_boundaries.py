"""Each process imports only its own code: the backend runs in an environment of its own
(.venv-backend: SQLAlchemy 2.0, no Rasa), the Rasa server and the action server in theirs (.venv).

Read from the source (no module is imported), like tests/backend/test_layering.py.
"""

from __future__ import annotations

from pathlib import Path

from tests.backend.test_layering import imported_modules, is_within

ROOT = Path(__file__).resolve().parents[2]

# What only the assistant's environment has: Rasa, its web server and spaCy, and the code that
# runs inside the Rasa server or the action server.
ASSISTANT_ONLY = ("rasa", "rasa_sdk", "sanic", "spacy", "bot", "actions")

# Modules of bot/ and actions/ that still import the backend. This list only shrinks (a module
# fixed is removed from it; the test fails if one is stale).
BACKEND_IMPORTS_IN_THE_ASSISTANT = {
    "bot/channels/web_chat_access.py",  # verifies the backend's signed conversation tokens
}


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


def test_the_assistant_imports_nothing_of_the_backend():
    files = python_files("bot") + python_files("actions")
    assert files, "bot/ and actions/ are missing"

    importers = {
        str(path.relative_to(ROOT))
        for path in files
        if any(is_within(module, ("backend",)) for module in imported_modules(path))
    }

    assert importers == BACKEND_IMPORTS_IN_THE_ASSISTANT
