"""Turn one notice row (and its sealed part) into the message a server receives.

The facts come from the ledger at send time, the same every attempt: for a
receipt, the payment row and the moment it was approved; for a reminder, the
balance recorded when it was queued and the sealed statement reference.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.money import Money
from kiosk.domain.notice import Channel, NoticeKind
from kiosk.domain.payment import PaymentStatus
from kiosk.ledger.models import NoticeRow, PaymentEventRow, PaymentRow
from kiosk.notify.content import (
    ClinicInfo,
    ReceiptFacts,
    ReminderFacts,
    receipt_notice,
    reminder_notice,
)
from kiosk.notify.sealing import Sealed
from kiosk.ports.notifier import Notice


class Composer:
    def __init__(self, clinic: ClinicInfo) -> None:
        self.clinic = clinic

    def compose(self, session: Session, row: NoticeRow, sealed: Sealed) -> Notice:
        channel = Channel(row.channel)
        if NoticeKind(row.kind) is NoticeKind.IT_ALERT:  # deployment (issue 9): no patient
            from kiosk.health.alerts import alert_notice

            return alert_notice(row.id, channel, sealed, row.created_at)
        if NoticeKind(row.kind) is NoticeKind.RECEIPT:
            return receipt_notice(row.id, channel, sealed.to, receipt_facts(session, row),
                                  self.clinic, sealed.lang, row.created_at)
        facts = ReminderFacts(sealed.reference, Money(row.amount_cents, row.currency))
        return reminder_notice(row.id, channel, sealed.to, facts, self.clinic, sealed.lang,
                               row.created_at)


def receipt_facts(session: Session, row: NoticeRow) -> ReceiptFacts:
    payment = session.get(PaymentRow, row.payment_id) if row.payment_id else None
    if payment is None:  # impossible with the foreign key; refuse rather than guess
        raise LookupError(f"receipt notice {row.id} names no payment")
    approved_at = session.scalar(
        select(PaymentEventRow.at).where(
            PaymentEventRow.payment_id == payment.id,
            PaymentEventRow.to_status.in_([PaymentStatus.APPROVED.value,
                                           PaymentStatus.CAPTURED.value]))
        .order_by(PaymentEventRow.id).limit(1))
    return ReceiptFacts(
        reference=payment.id, amount=Money(payment.amount_cents, payment.currency),
        method=payment.method, card_brand=payment.card_brand, card_last4=payment.card_last4,
        paid_at=approved_at or payment.updated_at,
    )
