"""The simulated receipt printer: prints to memory, fails on request."""

from __future__ import annotations

import threading
from collections import deque

from kiosk.domain.receipt import Receipt
from kiosk.ports.health import Health
from kiosk.ports.printer import PrintResult
from kiosk.receipts import render_text

_PATIENT_SORRY = "The printer is not working right now. Please ask the front desk for a receipt."


class SimulatedPrinter:
    name = "simulated"

    def __init__(self, fault: str = "none", timezone: str = "UTC") -> None:
        self.fault = fault
        self.timezone = timezone
        self._lock = threading.Lock()
        # The last receipts only: a demo kiosk runs for weeks.
        self.printed: deque[str] = deque(maxlen=50)

    @property
    def last_text(self) -> str:
        with self._lock:
            return self.printed[-1] if self.printed else ""

    def print_receipt(self, receipt: Receipt) -> PrintResult:
        if self.fault == "offline":
            return PrintResult(False, _PATIENT_SORRY, "printer offline (not answering)")
        if self.fault == "out_of_paper":
            return PrintResult(False, _PATIENT_SORRY, "printer out of paper")
        text = render_text(receipt, self.timezone)
        with self._lock:
            self.printed.append(text)
        return PrintResult(True)

    def probe(self) -> Health:
        if self.fault != "none":
            return Health.bad(f"simulated printer: {self.fault.replace('_', ' ')}")
        return Health.good("simulated printer")

    def close(self) -> None:
        return None
