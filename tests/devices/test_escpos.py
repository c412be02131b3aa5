"""The ESC/POS receipt: byte-exact against python-escpos's Dummy, and printed over a real pty."""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from devices.escpos_printer.connection import open_printer
from devices.escpos_printer.layout import render_receipt
from devices.escpos_printer.printer import PATIENT_SORRY, EscposPrinter
from devices.escpos_printer.simulator import EscposPrinterSimulator
from kiosk.device_checks import print_test_receipt
from kiosk.domain.money import Money
from kiosk.domain.receipt import Receipt
from kiosk.receipts import render_text
from tests.helpers import card_numbers_in

RECEIPT = Receipt(
    clinic_name="Riverside Clinic", clinic_address="1 Main St", patient_display_name="Maria G.",
    amount=Money(1234), method="card", card_brand="visa", card_last4="4242",
    auth_code="A1B2C3", reference="0b6f1d2e-5a3c-4d7e-9f10-112233445566",
    statement_code="STEMDQET3UW", paid_at=datetime(2026, 1, 2, 15, 4, tzinfo=UTC),
    portal_url="https://portal.example.org/pay")


def style(align: int = 0, bold: int = 0, size: int = 0x00) -> bytes:
    """What python-escpos's set_with_default sends: every mode set explicitly."""
    return (b"\x1b!\x00\x1b!\x00"  # ESC ! 0: character mode reset (twice)
            + b"\x1b!" + bytes((size,))  # ESC ! n: 0x10 = double height
            + b"\x1b{\x00"  # upside-down off
            + b"\x1db\x00"  # smoothing off
            + b"\x1bE" + bytes((bold,))  # emphasis
            + b"\x1b-\x00"  # underline off
            + b"\x1bM\x00"  # font A
            + b"\x1ba" + bytes((align,))  # 0 left, 1 centre
            + b"\x1dB\x00")  # white-on-black off


def qr_native(data: bytes, size: int = 6) -> bytes:
    """GS ( k: model 2, module size, error correction L, store, print."""
    return (b"\x1d(k\x04\x001A2\x00" + b"\x1d(k\x03\x001C" + bytes((size,))
            + b"\x1d(k\x03\x001E0" + b"\x1d(k" + bytes((len(data) + 3, 0)) + b"1P0" + data
            + b"\x1d(k\x03\x001Q0")


def test_the_receipt_bytes_exactly() -> None:
    line = b"-" * 42 + b"\n"
    expected = (
        b"\x1b@"  # ESC @: initialise
        + style(align=1, bold=1, size=0x10) + b"\x1bt\x00" + b"Riverside Clinic\n"
        + style(align=1) + b"1 Main St\n" + b"\n"
        + style(align=1, bold=1) + b"PAYMENT RECEIPT\n"
        + style() + line
        + b"Patient                           Maria G.\n"
        + b"Date                      2026-01-02 09:04\n"  # clinic time (America/Chicago)
        + b"Statement                      STEMDQET3UW\n" + line
        + style(bold=1) + b"Amount paid                         $12.34\n"
        + style() + b"Card                         VISA ****4242\n"
        + b"Auth code                           A1B2C3\n"
        + b"Status                            APPROVED\n" + line
        + b"Reference\n0b6f1d2e-5a3c-4d7e-9f10-112233445566\n\n"
        + b"View your account online:\nhttps://portal.example.org/pay\n"
        + style(align=1) + qr_native(b"https://portal.example.org/pay") + b"\n"
        + style(align=1) + b"Thank you!\n"
        + style() + b"\x1bd\x06"  # feed six lines
        + b"\x1dV\x00"  # GS V 0: full cut
    )
    assert render_receipt(RECEIPT, "America/Chicago") == expected


def test_accents_and_currency_use_the_printer_code_pages() -> None:
    from dataclasses import replace

    receipt = replace(RECEIPT, patient_display_name="José N.", amount=Money(500, "EUR"))
    data = render_receipt(receipt, "UTC", qr=False)
    assert b"Jos\x82 N." in data  # CP437 é
    assert b"\x1bt\x13" in data or b"\x1bt\x0f" in data  # a code page with the euro sign
    assert b"\x1d(k" not in data


def test_paper_and_screen_say_the_same_words() -> None:
    data = render_receipt(RECEIPT, "America/Chicago")
    for text_line in render_text(RECEIPT, "America/Chicago").splitlines():
        if text_line.strip():
            assert text_line.strip().encode() in data, text_line
    assert card_numbers_in(data) == []


@pytest.fixture
def peer() -> Iterator[EscposPrinterSimulator]:
    sim = EscposPrinterSimulator()
    yield sim
    sim.stop()


def _printer(device: str, timeout_s: float = 0.5) -> EscposPrinter:
    return EscposPrinter(functools.partial(open_printer, "serial", device=device,
                                           timeout_s=timeout_s), f"serial {device}",
                         "America/Chicago")


def _received(sim: EscposPrinterSimulator, size: int) -> bytes:
    deadline = time.monotonic() + 3
    while len(sim.received) < size and time.monotonic() < deadline:
        time.sleep(0.02)
    return sim.received


def test_printing_over_a_serial_line(peer: EscposPrinterSimulator) -> None:
    printer = _printer(peer.device)
    assert printer.probe().ok
    result = printer.print_receipt(RECEIPT)
    assert result.ok and not result.staff_message
    expected = render_receipt(RECEIPT, "America/Chicago")
    assert _received(peer, len(expected)) == expected
    assert "Maria G." in peer.printed_text() and "****4242" in peer.printed_text()
    peer.clear()
    assert print_test_receipt(printer, "Riverside Clinic").ok
    _received(peer, 60)
    assert "TEST ONLY - NOT A RECEIPT" in peer.printed_text()
    printer.close()


@pytest.mark.parametrize(("fault", "staff"), [
    ("out_of_paper", "out of paper"),
    ("offline", "not answering"),
    ("cover_open", "offline (cover open"),
])
def test_a_printer_that_cannot_print_says_so_and_prints_nothing(fault: str, staff: str) -> None:
    sim = EscposPrinterSimulator(fault)
    try:
        printer = _printer(sim.device)
        result = printer.print_receipt(RECEIPT)
        assert not result.ok
        assert result.patient_message == PATIENT_SORRY
        assert staff in result.staff_message and "nothing was printed" in result.staff_message
        assert not printer.probe().ok
        time.sleep(0.2)
        assert sim.received.count(b"Maria") == 0
        printer.close()
    finally:
        sim.stop()


def test_low_paper_prints_and_warns_staff() -> None:
    sim = EscposPrinterSimulator("paper_low")
    try:
        printer = _printer(sim.device)
        result = printer.print_receipt(RECEIPT)
        assert result.ok and "paper is running low" in result.staff_message
        printer.close()
    finally:
        sim.stop()


def test_a_missing_port_is_a_clear_message() -> None:
    printer = _printer("/dev/clinicpay-no-such-printer")
    result = printer.print_receipt(RECEIPT)
    assert not result.ok and "not reachable" in result.staff_message
    health = printer.probe()
    assert not health.ok and "cannot open" in health.detail


def test_the_patients_language_reaches_the_paper() -> None:
    from dataclasses import replace

    from kiosk.domain.receipt import ReceiptLabels

    spanish = replace(RECEIPT, labels=ReceiptLabels(title="RECIBO DE PAGO", status="Estado",
                                                   approved="APROBADO", thanks="¡Gracias!"))
    data = render_receipt(spanish, "America/Chicago")
    assert b"RECIBO DE PAGO\n" in data and b"APROBADO\n" in data and b"Gracias!" in data
    assert b"PAYMENT RECEIPT" not in data
