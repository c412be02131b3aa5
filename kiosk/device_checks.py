"""Device tests for the admin screen and the CLI: terminal, printer, scanner.

Qt-free and blocking: the admin screen runs each on a worker and shows the
result. None of them moves money: the terminal test is the terminal's own
health probe (a ZVT status enquiry), the printer test prints a page marked as
a test, and the scan test only reports that a code arrived (and a masked
preview of it: a statement code leads to a patient).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from kiosk.domain.money import Money
from kiosk.domain.receipt import Receipt
from kiosk.ports.health import Health
from kiosk.ports.printer import PrintResult, ReceiptPrinter
from kiosk.ports.scanner import ScanEvent, StatementScanner
from kiosk.ports.terminal import CardTerminal


def check_terminal(terminal: CardTerminal) -> Health:
    """Is the card terminal there and ready? (ZVT: status enquiry 05 01.) Never a payment."""
    try:
        return terminal.probe()
    except Exception as exc:  # adapters should not raise; if one does, say so
        return Health.bad(f"terminal check failed: {exc.__class__.__name__}")


def sample_receipt(clinic_name: str, clinic_address: str = "", currency: str = "USD",
                 portal_url: str = "") -> Receipt:
    """A receipt-shaped page that is plainly not a receipt."""
    return Receipt(
        clinic_name=clinic_name, clinic_address=clinic_address,
        patient_display_name="PRINTER TEST", amount=Money.zero(currency), method="test",
        card_brand="", card_last4="", auth_code="", reference="printer test - no payment",
        statement_code="", paid_at=datetime.now(UTC), portal_url=portal_url,
        status_line="TEST ONLY - NOT A RECEIPT")


def print_test_receipt(printer: ReceiptPrinter, clinic_name: str, clinic_address: str = "",
                       currency: str = "USD", portal_url: str = "") -> PrintResult:
    try:
        return printer.print_receipt(sample_receipt(clinic_name, clinic_address, currency,
                                                  portal_url))
    except Exception as exc:
        return PrintResult(False, "", f"printer test failed: {exc.__class__.__name__}")


@dataclass(frozen=True, slots=True)
class ScanCheck:
    ok: bool
    detail: str  # for staff
    preview: str = ""  # "ST…9W (11 characters)": enough to recognise, not to look up


def read_test_scan(scanner: StatementScanner | None, timeout_s: float = 20.0) -> ScanCheck:
    """Wait (up to ``timeout_s``) for one scan. Stops the scanner afterwards."""
    if scanner is None:
        return ScanCheck(False, "no statement scanner is configured")
    arrived = threading.Event()
    scans: list[ScanEvent] = []

    def on_scan(event: ScanEvent) -> None:
        if not scans:
            scans.append(event)
        arrived.set()

    scanner.start(on_scan)
    try:
        instruction = scanner.prepare_test_scan()
        if not arrived.wait(timeout_s):
            return ScanCheck(False, f"no scan within {timeout_s:.0f} s ({instruction})")
    finally:
        scanner.stop()
    code = scans[0].code
    preview = f"{code[:2]}…{code[-2:]} ({len(code)} characters)" if len(code) > 4 \
        else f"{len(code)} characters"
    return ScanCheck(True, f"scan received from the {scans[0].source} scanner", preview)
