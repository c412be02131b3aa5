"""The receipt printer port."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.domain.receipt import Receipt
from kiosk.ports.health import Health


@dataclass(frozen=True, slots=True)
class PrintResult:
    ok: bool
    patient_message: str = ""  # "Please ask the front desk for your receipt."
    staff_message: str = ""  # "printer out of paper"


class ReceiptPrinter(Protocol):
    name: str

    def print_receipt(self, receipt: Receipt) -> PrintResult: ...

    def probe(self) -> Health: ...

    def close(self) -> None: ...
