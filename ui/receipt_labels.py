"""The receipt's words in the installed language (printed and previewed receipts)."""

from __future__ import annotations

from kiosk.domain.receipt import ReceiptLabels
from ui.texts import translate


def receipt_labels(_language: str) -> ReceiptLabels:
    return ReceiptLabels(
        title=translate("Receipt", "PAYMENT RECEIPT"),
        patient=translate("Receipt", "Patient"),
        date=translate("Receipt", "Date"),
        statement=translate("Receipt", "Statement"),
        amount_paid=translate("Receipt", "Amount paid"),
        card=translate("Receipt", "Card"),
        auth_code=translate("Receipt", "Auth code"),
        method=translate("Receipt", "Method"),
        status=translate("Receipt", "Status"),
        approved=translate("Receipt", "APPROVED"),
        balance_after=translate("Receipt", "Balance after payment"),
        reference=translate("Receipt", "Reference"),
        online=translate("Receipt", "View your account online:"),
        thanks=translate("Receipt", "Thank you!"),
        methods=(("cash", translate("Receipt", "Cash")), ("check", translate("Receipt", "Check")),
                 ("phone", translate("Receipt", "Phone")), ("card", translate("Receipt", "Card"))),
    )
