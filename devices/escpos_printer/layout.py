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
    words = receipt.labels
    p = Dummy(profile=profile or None)
    p.hw("INIT")
    p.set_with_default(align="center", bold=True, double_height=True)
    p.textln(receipt.clinic_name)
    p.set_with_default(align="center")
    for part in receipt.clinic_address.split("\n") if receipt.clinic_address else ():
        p.textln(part)
    p.ln()
    p.set_with_default(align="center", bold=True)
    p.textln(words.title)
    p.set_with_default()
    paid_at = receipt.paid_at.astimezone(ZoneInfo(timezone))
    lines = ["-" * width, _row(words.patient, receipt.patient_display_name, width),
             _row(words.date, paid_at.strftime("%Y-%m-%d %H:%M"), width)]
    if receipt.statement_code:
        lines.append(_row(words.statement, receipt.statement_code, width))
    lines.append("-" * width)
    for line in lines:
        p.textln(line)
    p.set_with_default(bold=True)
    p.textln(_row(words.amount_paid, receipt.amount.format(), width))
    p.set_with_default()
    if receipt.method == "card" or (receipt.method == "phone" and receipt.card_last4):
        card = (f"{receipt.card_brand.upper()} ****{receipt.card_last4}" if receipt.card_last4
                else receipt.card_brand.upper())
        p.textln(_row(words.card, card, width))
        if receipt.auth_code:
            p.textln(_row(words.auth_code, receipt.auth_code, width))
    if receipt.method != "card":
        p.textln(_row(words.method, words.method_name(receipt.method), width))
    p.textln(_row(words.status, receipt.status_line or words.approved, width))
    if receipt.balance_after is not None:
        p.textln(_row(words.balance_after, receipt.balance_after.format(), width))
    p.textln("-" * width)
    p.textln(words.reference)
    p.textln(receipt.reference)
    p.ln()
    if receipt.portal_url:
        p.textln(words.online)
        p.textln(receipt.portal_url)
        if qr:
            p.set_with_default(align="center")
            p.qr(receipt.portal_url, size=6, native=True)
        p.ln()
    p.set_with_default(align="center")
    p.textln(words.thanks)
    p.set_with_default()
    p.cut()
    return bytes(p.output)
