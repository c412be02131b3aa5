"""Repeated failed look-ups on one kiosk pause look-ups for a while.

A stranger guessing names and birth dates at a kiosk gets a handful of tries,
then a wait; the audit log records the cool-down so staff can see it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class Cooldown:
    def __init__(self, max_failures: int, window_s: float, cooldown_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._failures: deque[float] = deque()
        self._until = 0.0
        self._lock = threading.Lock()

    def remaining_s(self) -> float:
        with self._lock:
            return max(0.0, self._until - self._clock())

    def record_failure(self) -> bool:
        """Count one failed look-up; True if this one started a cool-down."""
        with self._lock:
            now = self._clock()
            self._failures.append(now)
            while self._failures and now - self._failures[0] > self.window_s:
                self._failures.popleft()
            if len(self._failures) >= self.max_failures:
                self._failures.clear()
                self._until = now + self.cooldown_s
                return True
            return False
