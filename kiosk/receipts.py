"""Receipt text: the same words on paper, on screen and in a message.

A receipt names the clinic, the masked patient, the amount, the card brand
and last four, the authorisation code and our reference. Never a card
number, never a diagnosis or service description.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentView
from kiosk.domain.receipt import Receipt, ReceiptLabels

WIDTH = 42  # characters on an 80 mm thermal roll in the default font


def receipt_for(payment: PaymentView, clinic_name: str, clinic_address: str,
                statement_code: str = "", portal_url: str = "",
                balance_after: Money | None = None,
                labels: ReceiptLabels | None = None) -> Receipt:
    return Receipt(
        clinic_name=clinic_name, clinic_address=clinic_address,
        patient_display_name=payment.display_name, amount=payment.amount,
        method=payment.method, card_brand=payment.card.brand, card_last4=payment.card.last4,
        auth_code=payment.card.auth_code, reference=payment.id,
        statement_code=statement_code, paid_at=payment.updated_at,
        balance_after=balance_after, portal_url=portal_url, labels=labels or ReceiptLabels(),
    )


def render_text(receipt: Receipt, timezone: str = "UTC", width: int = WIDTH) -> str:
    words = receipt.labels

    def row(left: str, right: str) -> str:
        space = max(1, width - len(left) - len(right))
        return f"{left}{' ' * space}{right}"

    paid_at = receipt.paid_at.astimezone(ZoneInfo(timezone))
    lines = [receipt.clinic_name.center(width).rstrip()]
    if receipt.clinic_address:
        lines += [part.center(width).rstrip() for part in receipt.clinic_address.split("\n")]
    lines += ["", words.title.center(width).rstrip(), "-" * width,
              row(words.patient, receipt.patient_display_name),
              row(words.date, paid_at.strftime("%Y-%m-%d %H:%M"))]
    if receipt.statement_code:
        lines.append(row(words.statement, receipt.statement_code))
    lines.append("-" * width)
    lines.append(row(words.amount_paid, receipt.amount.format()))
    if receipt.method == "card" or (receipt.method == "phone" and receipt.card_last4):
        card = f"{receipt.card_brand.upper()} ****{receipt.card_last4}" if receipt.card_last4 \
            else receipt.card_brand.upper()
        lines.append(row(words.card, card))
        if receipt.auth_code:
            lines.append(row(words.auth_code, receipt.auth_code))
    if receipt.method != "card":
        lines.append(row(words.method, words.method_name(receipt.method)))
    lines.extend(row(label, value) for label, value in receipt.details)
    lines.append(row(words.status, receipt.status_line or words.approved))
    if receipt.balance_after is not None:
        lines.append(row(words.balance_after, receipt.balance_after.format()))
    lines += ["-" * width, words.reference, receipt.reference, ""]
    if receipt.portal_url:
        lines += [words.online, receipt.portal_url, ""]
    lines += [words.thanks.center(width).rstrip(), ""]
    return "\n".join(lines)
