"""Receipt text: the same words on paper, on screen and in a message.

A receipt names the clinic, the masked patient, the amount, the card brand
and last four, the authorisation code and our reference. Never a card
number, never a diagnosis or service description.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentView
from kiosk.domain.receipt import Receipt

WIDTH = 42  # characters on an 80 mm thermal roll in the default font


def receipt_for(payment: PaymentView, clinic_name: str, clinic_address: str,
                statement_code: str = "", portal_url: str = "",
                balance_after: Money | None = None) -> Receipt:
    return Receipt(
        clinic_name=clinic_name, clinic_address=clinic_address,
        patient_display_name=payment.display_name, amount=payment.amount,
        method=payment.method, card_brand=payment.card.brand, card_last4=payment.card.last4,
        auth_code=payment.card.auth_code, reference=payment.id,
        statement_code=statement_code, paid_at=payment.updated_at,
        balance_after=balance_after, portal_url=portal_url,
    )


def render_text(receipt: Receipt, timezone: str = "UTC", width: int = WIDTH) -> str:
    def row(left: str, right: str) -> str:
        space = max(1, width - len(left) - len(right))
        return f"{left}{' ' * space}{right}"

    paid_at = receipt.paid_at.astimezone(ZoneInfo(timezone))
    lines = [receipt.clinic_name.center(width).rstrip()]
    if receipt.clinic_address:
        lines += [part.center(width).rstrip() for part in receipt.clinic_address.split("\n")]
    lines += ["", "PAYMENT RECEIPT".center(width).rstrip(), "-" * width,
              row("Patient", receipt.patient_display_name),
              row("Date", paid_at.strftime("%Y-%m-%d %H:%M"))]
    if receipt.statement_code:
        lines.append(row("Statement", receipt.statement_code))
    lines.append("-" * width)
    lines.append(row("Amount paid", receipt.amount.format()))
    if receipt.method == "card":
        card = f"{receipt.card_brand.upper()} ****{receipt.card_last4}" if receipt.card_last4 \
            else receipt.card_brand.upper()
        lines.append(row("Card", card))
        if receipt.auth_code:
            lines.append(row("Auth code", receipt.auth_code))
    else:
        lines.append(row("Method", receipt.method.capitalize()))
    lines.extend(row(label, value) for label, value in receipt.details)
    lines.append(row("Status", receipt.status_line))
    if receipt.balance_after is not None:
        lines.append(row("Balance after payment", receipt.balance_after.format()))
    lines += ["-" * width, "Reference", receipt.reference, ""]
    if receipt.portal_url:
        lines += ["View your account online:", receipt.portal_url, ""]
    lines += ["Thank you!".center(width).rstrip(), ""]
    return "\n".join(lines)
