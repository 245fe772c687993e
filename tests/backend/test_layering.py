"""Which layer may import what: the policy is pure, and HTTP stays at the edge.

Read from the source (no module is imported): each module's ``import`` statements, followed
through the backend's own modules for the policy package.
"""

from __future__ import annotations

import ast
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2] / "backend"

# The database and the web layers, which the policy package must not reach, even indirectly.
FORBIDDEN_FOR_POLICY = ("sqlalchemy", "aiohttp", "backend.db", "backend.models")


def module_name(path: Path) -> str:
    parts = path.relative_to(BACKEND.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports (``from a import b`` counts ``a`` and ``a.b``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def source_of(module: str) -> Path | None:
    """The file of one of the backend's own modules (``None``: not the backend's)."""
    relative = Path(*module.split("."))
    for candidate in (relative.with_suffix(".py"), relative / "__init__.py"):
        path = BACKEND.parent / candidate
        if module.startswith("backend") and path.is_file():
            return path
    return None


def reached_from(paths: list[Path]) -> set[str]:
    """Every module the files import, directly or through the backend's own modules."""
    reached: set[str] = set()
    todo = list(paths)
    seen = set(todo)
    while todo:
        for module in imported_modules(todo.pop()):
            reached.add(module)
            path = source_of(module)
            if path is not None and path not in seen:
                seen.add(path)
                todo.append(path)
    return reached


def is_within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(f"{package}.") for package in packages)


def test_the_policy_package_reaches_neither_the_database_nor_the_web():
    policy = sorted((BACKEND / "policy").glob("*.py"))
    assert policy, "backend/policy/ is missing"

    reached = reached_from(policy)

    assert sorted(m for m in reached if is_within(m, FORBIDDEN_FOR_POLICY)) == []


def test_the_policy_package_reads_no_settings():
    reached = reached_from(sorted((BACKEND / "policy").glob("*.py")))

    assert "backend.settings" not in reached


def test_only_the_api_edge_imports_aiohttp_web():
    importers = {
        module_name(path)
        for path in BACKEND.rglob("*.py")
        if any(is_within(m, ("aiohttp.web",)) for m in imported_modules(path))
    }

    assert sorted(m for m in importers if not is_within(m, ("backend.api",))) == []


def test_only_the_api_edge_answers_with_http_statuses():
    users = {
        module_name(path)
        for path in BACKEND.rglob("*.py")
        if "backend.api.errors.ApiError" in imported_modules(path)
    }

    assert sorted(m for m in users if not is_within(m, ("backend.api",))) == []


def test_only_the_command_line_reaches_up_into_the_api_edge():
    importers = {
        module_name(path)
        for path in BACKEND.rglob("*.py")
        if any(is_within(m, ("backend.api",)) for m in imported_modules(path))
    }

    outside_api = sorted(m for m in importers if not is_within(m, ("backend.api",)))
    assert outside_api == ["backend.__main__"]  # it serves the web application
