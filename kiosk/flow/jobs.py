"""Where the session's slow work runs: never on the thread that sent the intent.

One worker thread per session keeps device and PMS calls in order (the
terminal is one device; two sales at once would be a bug), and results come
back through a callback on that worker. The GUI bridge turns the resulting
state change into a queued Qt signal.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

Done = Callable[[Any], None]


class JobRunner(Protocol):
    def submit(self, work: Callable[[], Any], done: Done) -> None:
        """Run ``work`` off the caller's thread; call ``done(result_or_exception)`` after."""
        ...

    def close(self) -> None: ...


class ThreadJobRunner:
    def __init__(self, name: str = "kiosk-session") -> None:
        self._queue: queue.Queue[tuple[Callable[[], Any], Done] | None] = queue.Queue()
        self._pending = 0
        self._settled = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[], Any], done: Done) -> None:
        with self._settled:
            self._pending += 1
        self._queue.put((work, done))

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            work, done = item
            try:
                result: Any = work()
            except Exception as exc:  # reported to the session, which shows a kind message
                log.exception("session job failed")
                result = exc
            try:
                done(result)
            except Exception:
                log.exception("session job callback failed")
            with self._settled:
                self._pending -= 1
                self._settled.notify_all()

    def idle(self, timeout: float = 10) -> bool:
        """Wait until every job, including jobs that callbacks submitted, has finished."""
        with self._settled:
            return self._settled.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)


class InlineJobRunner:
    """Runs jobs at once on the caller's thread: for headless tests of the flow's logic."""

    def submit(self, work: Callable[[], Any], done: Done) -> None:
        try:
            result: Any = work()
        except Exception as exc:
            result = exc
        done(result)

    def close(self) -> None:
        return None
