"""Run-wide hooks: summary lines travel from pytest-xdist workers to the terminal."""

from __future__ import annotations

import pytest

from tests import terminal_summary


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a pytest-xdist worker: hand this worker's summary lines to the controller."""
    worker_output = getattr(session.config, "workeroutput", None)
    if worker_output is not None:
        worker_output["summary_lines"] = session.config.stash.get(terminal_summary.LINES, [])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # node: pytest-xdist's WorkerController
    """In the controller: keep the lines a finished worker handed over."""
    worker_output = getattr(node, "workeroutput", {})  # absent when the worker crashed
    terminal_summary.add(node.config, *worker_output.get("summary_lines", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in terminalreporter.config.stash.get(terminal_summary.LINES, []):
        terminalreporter.write_line(line)
