"""Exponential backoff with jitter, so a recovering PMS is not hit by every kiosk at once."""

from __future__ import annotations

import random


class Backoff:
    def __init__(self, initial_ms: int = 1_000, max_ms: int = 300_000,
                 rng: random.Random | None = None) -> None:
        if initial_ms <= 0 or max_ms < initial_ms:
            raise ValueError("backoff needs 0 < initial <= max")
        self.initial_ms = initial_ms
        self.max_ms = max_ms
        self._rng = rng or random.Random()

    def delay_s(self, failures: int) -> float:
        """Seconds to wait after the n-th consecutive failure (n >= 1).

        "Equal jitter": half the exponential step for sure, the other half at
        random, so waits grow but never collapse to zero.
        """
        step = min(self.max_ms, self.initial_ms * 2 ** min(max(failures, 1) - 1, 30))
        return float(step / 2 + self._rng.uniform(0, step / 2)) / 1000
