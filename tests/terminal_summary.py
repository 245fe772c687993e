"""Lines a test module wants at the end of the run (the simulated customers' figures), shown in
pytest's terminal summary also when pytest-xdist runs the module in a worker process."""

from __future__ import annotations

import pytest

LINES = pytest.StashKey[list[str]]()


def add(config: pytest.Config, *lines: str) -> None:
    config.stash.setdefault(LINES, []).extend(lines)
