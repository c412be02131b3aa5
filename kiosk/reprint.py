"""Rebuild a payment's receipt from the ledger, for a reprint at the counter or the kiosk.

A receipt is never stored: everything on it is in the ledger row (masked name,
amount, statement code, brand, last four, authorisation code, our reference,
time), so a receipt lost to an empty printer can be printed again at any time.
"""

from __future__ import annotations

from dataclasses import replace

from kiosk.domain.money import Money
from kiosk.domain.payment import CHARGED, PaymentStatus
from kiosk.domain.receipt import Receipt
from kiosk.ledger.database import Ledger
from kiosk.ledger.models import PaymentRow
from kiosk.ledger.queries import payment_view
from kiosk.ports.printer import PrintResult, ReceiptPrinter
from kiosk.receipts import receipt_for


class NoReceipt(ValueError):
    """The payment does not exist or took no money, so there is no receipt to print."""


#: Status words for a payment that has been (partly) given back; an approved one gets the
#: receipt labels' own (translated) word.
_STATUS_LINE = {
    PaymentStatus.PARTLY_REFUNDED: "PARTLY REFUNDED",
    PaymentStatus.REFUNDED: "REFUNDED",
    PaymentStatus.VOIDED: "VOIDED",
}


def receipt_for_payment(ledger: Ledger, payment_id: str, clinic_name: str,
                        clinic_address: str = "", portal_url: str = "",
                        copy: bool = True,
                        details: tuple[tuple[str, str], ...] = ()) -> Receipt:
    """The receipt of a charged payment, the same wherever it is printed (kiosk, admin
    panel, counter); ``details`` are extra rows (cash given and change, a check number),
    ``copy`` marks a reprint."""
    with ledger.read() as session:
        row = session.get(PaymentRow, payment_id)
        if row is None:
            raise NoReceipt(f"no payment {payment_id} in this ledger")
        view = payment_view(session, row)
        statement_code = row.statement_code
    if view.status not in CHARGED:
        raise NoReceipt(f"payment {payment_id} is {view.status.value}: it took no money, so "
                        "there is no receipt")
    receipt = receipt_for(view, clinic_name, clinic_address, statement_code, portal_url)
    lines = list(details)
    if view.refunded.cents:
        lines.append(("Refunded", Money(view.refunded.cents, view.refunded.currency).format()))
    status = _STATUS_LINE.get(view.status, "")
    if copy:
        status = (status or receipt.labels.approved) + " - COPY"
    return replace(receipt, details=tuple(lines), status_line=status)


def reprint(ledger: Ledger, printer: ReceiptPrinter, payment_id: str, clinic_name: str,
            clinic_address: str = "", portal_url: str = "") -> PrintResult:
    """Print a copy of a payment's receipt (blocks: call it from a worker)."""
    try:
        receipt = receipt_for_payment(ledger, payment_id, clinic_name, clinic_address,
                                      portal_url)
    except NoReceipt as exc:
        return PrintResult(False, "There is no receipt for this payment.", str(exc))
    return printer.print_receipt(receipt)
