"""A sampling CPU profiler for the load benchmark's servers, and the summary of what it found.

`benchmarks.load --cpu-profile` starts Rasa and the action server as

    python -m benchmarks.profiled OUT.json MODULE [ARGUMENTS ...]

which runs MODULE with a sampler thread ready: SIGUSR1 starts sampling, SIGUSR2 stops it and
writes what it gathered so far to OUT, so a server's start and warm-up stay out of its profile.
Every millisecond or so the sampler reads the main thread's Python stack and the CPU the process
spent since the last sample (every thread but the sampler: TensorFlow's too), and charges that
CPU half to the functions on this stack, half to those on the previous one. An idle server (the event loop waiting) spends no CPU, so it
is charged nothing, whatever uvloop shows of its stack. Unlike cProfile, which here tripled the
CPU of a turn and inflated code making many small calls, sampling costs the server little.
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import CodeType

INTERVAL = 0.001  # seconds between samples
SITE = "site-packages/"


def where(code: CodeType) -> str:
    """`package/module.py:line function`, without the site-packages or repository prefix."""
    path = code.co_filename.split(SITE, 1)[-1].removeprefix(str(Path.cwd()) + "/")
    return f"{path}:{code.co_firstlineno} {code.co_name}"


class Sampler:
    """Charges the process's CPU, sample by sample, to the main thread's stack."""

    def __init__(self) -> None:
        self.main = threading.main_thread().ident
        self.on = threading.Event()
        self.lock = threading.Lock()  # the figures are written while the sampler may run
        self.cpu = Counter[str]()  # whole CPU seconds, everything on the stack (inclusive)
        self.own = Counter[str]()  # CPU seconds of the innermost function only
        self.total = 0.0

    def run(self) -> None:
        last, before = None, []  # the CPU clock and the stack at the previous sample
        while True:
            self.on.wait()
            time.sleep(INTERVAL)
            now = time.process_time() - time.thread_time()  # less the sampler's own CPU
            stack = []
            frame = sys._current_frames().get(self.main)
            while frame is not None:
                stack.append(where(frame.f_code))
                frame = frame.f_back
            if last is not None and self.on.is_set():
                # What ran between two samples was the code of one or of the other: half each.
                for charged in (before, stack):
                    self.charge(charged, (now - last) / 2)
            last, before = (now, stack) if self.on.is_set() else (None, [])

    def charge(self, stack: list[str], seconds: float) -> None:
        if not stack:
            return
        with self.lock:
            self.total += seconds
            self.own[stack[0]] += seconds
            for function in set(stack):
                self.cpu[function] += seconds

    def write(self, out: str) -> None:
        with self.lock:
            figures = json.dumps({"total": self.total, "inclusive": self.cpu, "own": self.own})
        Path(f"{out}.part").write_text(figures)
        os.replace(f"{out}.part", out)  # whoever waits for OUT reads it whole


def main() -> None:
    out, module, *arguments = sys.argv[1:]
    sys.setswitchinterval(INTERVAL)  # else the sampler waits 5 ms for a busy main thread
    sampler = Sampler()
    threading.Thread(target=sampler.run, name="sampler", daemon=True).start()

    def stop(*_: object) -> None:
        sampler.on.clear()
        sampler.write(out)

    signal.signal(signal.SIGUSR1, lambda *_: sampler.on.set())
    signal.signal(signal.SIGUSR2, stop)
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


def summary(path: Path, turns: int, rows: int = 50) -> str:
    """Markdown: the functions with the most CPU per turn, inclusive and own. The frames every
    sample has (the server's main loop down to its request handler) are left out."""
    figures = json.loads(path.read_text())
    total = figures["total"] or 1.0
    lines = [f"CPU sampled: {total * 1000 / turns:.1f} ms per turn over {turns} turns.", ""]
    for title in ("inclusive", "own"):
        lines += [f"| function | {title} ms per turn | share |", "| --- | ---: | ---: |"]
        ranked = sorted(figures[title].items(), key=lambda item: item[1], reverse=True)
        shown = [(function, seconds) for function, seconds in ranked if seconds < 0.9 * total]
        for function, seconds in shown[:rows]:
            lines.append(f"| `{function}` | {seconds * 1000 / turns:.2f} | {seconds / total:.0%} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
