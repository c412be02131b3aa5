"""The receipt as ESC/POS bytes, built with python-escpos on its ``Dummy`` printer.

Layout only: no I/O, no clock, so the same receipt always gives the same bytes
(the tests compare them byte for byte). The words are those of
:func:`kiosk.receipts.render_text`, the screen and e-mail version; paper adds
emphasis, a QR code to the patient portal and a cut.

Never a card number: the receipt holds only the brand, the last four digits and
the authorisation code (:class:`kiosk.domain.receipt.Receipt` has nothing else).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from escpos.printer import Dummy

from kiosk.domain.receipt import Receipt


def _row(left: str, right: str, width: int) -> str:
    space = max(1, width - len(left) - len(right))
    return f"{left}{' ' * space}{right}"


def render_receipt(receipt: Receipt, timezone: str = "UTC", width: int = 42, qr: bool = True,
                   profile: str | None = None) -> bytes:
    p = Dummy(profile=profile or None)
    p.hw("INIT")
    p.set_with_default(align="center", bold=True, double_height=True)
    p.textln(receipt.clinic_name)
    p.set_with_default(align="center")
    for part in receipt.clinic_address.split("\n") if receipt.clinic_address else ():
        p.textln(part)
    p.ln()
    p.set_with_default(align="center", bold=True)
    p.textln("PAYMENT RECEIPT")
    p.set_with_default()
    paid_at = receipt.paid_at.astimezone(ZoneInfo(timezone))
    lines = ["-" * width, _row("Patient", receipt.patient_display_name, width),
             _row("Date", paid_at.strftime("%Y-%m-%d %H:%M"), width)]
    if receipt.statement_code:
        lines.append(_row("Statement", receipt.statement_code, width))
    lines.append("-" * width)
    for line in lines:
        p.textln(line)
    p.set_with_default(bold=True)
    p.textln(_row("Amount paid", receipt.amount.format(), width))
    p.set_with_default()
    if receipt.method == "card":
        card = (f"{receipt.card_brand.upper()} ****{receipt.card_last4}" if receipt.card_last4
                else receipt.card_brand.upper())
        p.textln(_row("Card", card, width))
        if receipt.auth_code:
            p.textln(_row("Auth code", receipt.auth_code, width))
    else:
        p.textln(_row("Method", receipt.method.capitalize(), width))
    p.textln(_row("Status", receipt.status_line, width))
    if receipt.balance_after is not None:
        p.textln(_row("Balance after payment", receipt.balance_after.format(), width))
    p.textln("-" * width)
    p.textln("Reference")
    p.textln(receipt.reference)
    p.ln()
    if receipt.portal_url:
        p.textln("View your account online:")
        p.textln(receipt.portal_url)
        if qr:
            p.set_with_default(align="center")
            p.qr(receipt.portal_url, size=6, native=True)
        p.ln()
    p.set_with_default(align="center")
    p.textln("Thank you!")
    p.set_with_default()
    p.cut()
    return bytes(p.output)

