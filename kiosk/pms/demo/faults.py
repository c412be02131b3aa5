"""Failure injection for the demo PMS, so demos and tests can show every bad day."""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass

#: ``down``: connection refused. ``slow``: answers after the latency (2 s if none set).
#: ``error``: HTTP 503 on everything. ``reject``: HTTP 422 on postings.
#: ``garbage``: a mangled body. ``flaky``: ``percent`` of calls fail with 503 or a timeout.
FAULTS = ("none", "down", "slow", "error", "reject", "garbage", "flaky")


class Refused(Exception):
    """The PMS did not answer at all (connection refused, timeout)."""


@dataclass
class HttpLikeError(Exception):
    status: int
    reason: str


class FaultInjector:
    def __init__(self, fault: str = "none", percent: int = 0, latency_ms: int = 0,
                 seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self.set(fault, percent, latency_ms)

    def set(self, fault: str, percent: int = 0, latency_ms: int | None = None) -> None:
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; one of {', '.join(FAULTS)}")
        with self._lock:
            self.fault = fault
            self.percent = percent
            if latency_ms is not None:
                self.latency_ms = latency_ms

    def before_request(self, is_post: bool) -> None:
        """Apply latency and refusals; raise what the "server" would answer."""
        with self._lock:
            fault, percent, latency = self.fault, self.percent, self.latency_ms
            roll = self._rng.randrange(100)
        if fault == "slow" and not latency:
            latency = 2_000
        if latency:
            time.sleep(latency / 1000)
        if fault == "down":
            raise Refused("connection refused")
        if fault == "error":
            raise HttpLikeError(503, "service unavailable")
        if fault == "reject" and is_post:
            raise HttpLikeError(422, "posting refused by the PMS (demo fault)")
        if fault == "flaky" and roll < percent:
            if roll % 2:
                raise HttpLikeError(503, "service unavailable")
            raise Refused("timed out")

    def mangle(self, body: bytes) -> bytes:
        """``garbage``: what broken servers and proxies really send back."""
        with self._lock:
            if self.fault != "garbage":
                return body
            choice = self._rng.randrange(4)
        if choice == 0:
            return body[: max(1, len(body) // 2)]  # cut off mid-stream
        if choice == 1:
            return b"<html><body>502 Bad Gateway</body></html>"  # a proxy's error page
        if choice == 2:
            return b'{"unexpected": true, "items": null}'  # valid JSON, wrong shape
        # Valid JSON of the right shape whose numbers became strings.
        return re.sub(rb'(": )(-?\d+)', rb'\1"\2 USD"', body)
