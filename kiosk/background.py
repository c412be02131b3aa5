"""A worker's own thread: one pass, a sleep that ``wake()`` cuts short, again until stopped.

The sync worker and the notice worker both run this way: a pass drains what is due and
says how long to sleep (the interval, a backoff after failures, or until the next notice
is due); a new payment or notice wakes the thread at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class WakeableLoop:
    def __init__(self, name: str, one_pass: Callable[[], float]) -> None:
        self.name = name
        self._one_pass = one_pass
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = self._one_pass()  # catches its own errors: the loop must not die
            self._wake.wait(delay)
            self._wake.clear()
