"""A simulated statement scanner (demo mode and tests)."""

from __future__ import annotations

import threading

from devices.scanner.codes import clean_code
from kiosk.ports.health import Health
from kiosk.ports.scanner import ScanCallback, ScanEvent


class SimulatedScanner:
    name = "simulated"

    def __init__(self, codes: tuple[str, ...] = (), max_length: int = 64,
                 delay_s: float = 0.3) -> None:
        self.codes = codes or ("TEST-SCAN",)
        self.max_length = max_length
        self.delay_s = delay_s
        self._on_scan: ScanCallback | None = None
        self._next = 0
        self._lock = threading.Lock()

    def start(self, on_scan: ScanCallback) -> None:
        with self._lock:
            self._on_scan = on_scan

    def stop(self) -> None:
        with self._lock:
            self._on_scan = None

    def scan(self, code: str | None = None) -> None:
        """Play one scan (the next configured code by default), from a worker thread."""
        with self._lock:
            if code is None:
                code = self.codes[self._next % len(self.codes)]
                self._next += 1
        cleaned = clean_code(code, self.max_length)
        if cleaned is None:
            return

        def deliver() -> None:
            with self._lock:
                callback = self._on_scan
            if callback is not None:
                callback(ScanEvent(cleaned, "simulated"))

        timer = threading.Timer(self.delay_s, deliver)
        timer.daemon = True
        timer.start()

    def prepare_test_scan(self) -> str:
        self.scan()
        return "Simulated scanner: a demo statement is scanned in a moment."

    def probe(self) -> Health:
        return Health.good(f"simulated scanner ({len(self.codes)} demo code(s))")

    def close(self) -> None:
        self.stop()
