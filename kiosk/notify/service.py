"""What the receipt screen, the counter and the CLI ask of notices.

Every call checks its input, commits durably and returns at once; sending
happens later on the notice worker, so the patient never waits for a mail
server. The address is sealed (:mod:`kiosk.notify.sealing`) before it is
written and never logged or audited; calls return only a masked form.
Methods touch the ledger: call them off the GUI thread, like the payment
service.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import select

from kiosk.crypto import DecryptionError
from kiosk.domain.money import Money
from kiosk.domain.notice import (
    Channel,
    NoticeKind,
    NoticeStatus,
    NoticeView,
    OptInView,
)
from kiosk.domain.payment import PaymentStatus
from kiosk.ledger.database import Ledger
from kiosk.ledger.models import NoticeRow, PaymentRow, ReminderOptInRow
from kiosk.notify import wording
from kiosk.notify.address import mask, normalise
from kiosk.notify.outbox import notice_view, notices_with_status, status_counts
from kiosk.notify.sealing import Sealed, Sealer

log = logging.getLogger(__name__)

#: Receipts one payment may have per channel (a resend after a typo is fine; a loop is not).
MAX_RECEIPTS_PER_CHANNEL = 3
#: A receipt is for money taken.
_RECEIPTABLE = frozenset({PaymentStatus.APPROVED, PaymentStatus.CAPTURED,
                          PaymentStatus.PARTLY_REFUNDED})


class NoticeRefused(ValueError):
    """The request cannot be queued as asked; nothing was recorded.

    ``code`` is stable for the screens (``channel_unavailable``, ``not_paid``,
    ``too_many``, ``unknown_payment``); ``message`` is short English.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class NoticeService:
    def __init__(self, ledger: Ledger, sealer: Sealer, channels: Iterable[Channel], actor: str,
                 default_region: str = "US", wake: Callable[[], None] | None = None,
                 claim_lease_s: float = 300) -> None:
        self.ledger = ledger
        self.sealer = sealer
        self._channels = tuple(c for c in Channel if c in set(channels))
        self.actor = actor
        self.default_region = default_region
        self._wake = wake or (lambda: None)
        self.claim_lease = timedelta(seconds=claim_lease_s)

    @property
    def channels(self) -> tuple[Channel, ...]:
        """The channels this kiosk can send on (show only these choices)."""
        return self._channels

    def set_wake(self, wake: Callable[[], None]) -> None:
        self._wake = wake

    # -- input --------------------------------------------------------------
    def check_address(self, channel: Channel | str, address: str) -> str:
        """Validate without recording; returns the masked form for a confirmation screen.

        Raises :class:`AddressError` (``code`` ``email_invalid``, ``phone_invalid``,
        ``phone_not_mobile``) or :class:`NoticeRefused` (``channel_unavailable``).
        """
        chosen = self._channel(channel)
        return mask(chosen, normalise(chosen, address, self.default_region))

    def _channel(self, channel: Channel | str) -> Channel:
        try:
            chosen = Channel(channel)
        except ValueError:
            raise NoticeRefused("channel_unavailable", f"unknown channel {channel!r}") from None
        if chosen not in self._channels:
            raise NoticeRefused("channel_unavailable",
                                f"sending by {chosen.value} is not set up on this kiosk")
        return chosen

    # -- receipts -----------------------------------------------------------
    def queue_receipt(self, payment_id: str, channel: Channel | str, address: str,
                      language: str = "en", actor: str | None = None) -> NoticeView:
        """Record a receipt to send; returns at once with the queued notice (masked).

        Asking again for the same payment, channel and address while the first
        is still queued returns the first (a double tap sends one receipt).
        """
        chosen = self._channel(channel)
        to = normalise(chosen, address, self.default_region)
        who = actor or self.actor
        with self.ledger.transaction() as tx:
            payment = tx.session.get(PaymentRow, payment_id)
            if payment is None:
                raise NoticeRefused("unknown_payment", "no such payment")
            if PaymentStatus(payment.status) not in _RECEIPTABLE:
                raise NoticeRefused("not_paid", f"payment is {payment.status}; no receipt")
            earlier = tx.session.scalars(select(NoticeRow).where(
                NoticeRow.payment_id == payment_id, NoticeRow.channel == chosen.value,
                NoticeRow.kind == NoticeKind.RECEIPT.value,
                NoticeRow.status != NoticeStatus.CANCELED.value)).all()
            for row in earlier:
                if row.status == NoticeStatus.QUEUED.value and self._same_to(row, to):
                    return notice_view(row, self.sealer)
            if len(earlier) >= MAX_RECEIPTS_PER_CHANNEL:
                raise NoticeRefused("too_many", "this receipt was already sent several times; "
                                                "please ask the front desk")
            row = self._new_row(NoticeKind.RECEIPT, chosen, payment.patient_id,
                                Money(payment.amount_cents, payment.currency), who,
                                Sealed(to, wording.language(language)), payment_id=payment_id)
            tx.session.add(row)
            tx.audit(who, "notice.queued", row.id, kind=row.kind, channel=row.channel,
                     payment=payment_id)
            view = notice_view(row, self.sealer)
        self._wake()
        return view

    def _same_to(self, row: NoticeRow, to: str) -> bool:
        if row.sealed is None:
            return False
        try:
            return self.sealer.open_notice(row.id, row.sealed).to == to
        except DecryptionError:
            return False

    def _new_row(self, kind: NoticeKind, channel: Channel, patient_id: str, amount: Money,
                 actor: str, payload: Sealed, payment_id: str | None = None,
                 not_before: datetime | None = None) -> NoticeRow:
        notice_id = str(uuid.uuid4())
        now = self.ledger.clock()
        return NoticeRow(
            id=notice_id, kind=kind.value, channel=channel.value, payment_id=payment_id,
            patient_id=patient_id, amount_cents=amount.cents, currency=amount.currency,
            status=NoticeStatus.QUEUED.value, attempts=0, next_attempt_at=not_before,
            claimed_at=None, in_doubt=False, last_error="", provider_ref="",
            sealed=self.sealer.seal_notice(notice_id, payload), pms_handover=False,
            actor=actor[:64], created_at=now, queued_at=now, updated_at=now, sent_at=None,
        )

    # -- reminders ----------------------------------------------------------
    def queue_reminder(self, patient_id: str, channel: Channel, to: str, balance: Money,
                       reference: str, language: str = "en", actor: str | None = None,
                       not_before: datetime | None = None) -> str:
        """Record one balance reminder (the reminder planner decides who gets one)."""
        chosen = self._channel(channel)
        who = actor or self.actor
        with self.ledger.transaction() as tx:
            row = self._new_row(NoticeKind.REMINDER, chosen, patient_id, balance, who,
                                Sealed(to, wording.language(language), reference),
                                not_before=not_before)
            tx.session.add(row)
            tx.audit(who, "notice.queued", row.id, kind=row.kind, channel=row.channel,
                     patient=patient_id, amount_cents=balance.cents)
        self._wake()
        return row.id

    def record_optin(self, patient_id: str, channel: Channel | str, address: str,
                     source: str = "kiosk", language: str = "en",
                     actor: str | None = None) -> OptInView:
        """The patient agreed, at the kiosk or counter, to balance reminders on this channel.

        Recorded with the time, channel and where it was given; a newer opt-in
        on the same channel replaces the older one.
        """
        chosen = self._channel(channel)
        to = normalise(chosen, address, self.default_region)
        if source not in ("kiosk", "counter"):
            raise ValueError("an opt-in is given at the kiosk or the counter")
        who = actor or self.actor
        with self.ledger.transaction() as tx:
            row = tx.session.scalars(select(ReminderOptInRow).where(
                ReminderOptInRow.patient_id == patient_id,
                ReminderOptInRow.channel == chosen.value)).one_or_none()
            if row is None:
                row = ReminderOptInRow(id=str(uuid.uuid4()), patient_id=patient_id,
                                       channel=chosen.value)
                tx.session.add(row)
            row.sealed = self.sealer.seal_optin(row.id, Sealed(to, wording.language(language)))
            row.source, row.actor = source, who[:64]
            row.given_at, row.revoked_at = self.ledger.clock(), None
            tx.audit(who, "reminder.optin", row.id, patient=patient_id, channel=chosen.value,
                     source=source)
            return OptInView(patient_id, chosen, mask(chosen, to), source, row.given_at)

    def revoke_optin(self, patient_id: str, channel: Channel | str,
                     actor: str | None = None) -> bool:
        """Stop reminders on this channel; the address is erased at once."""
        chosen = Channel(channel)
        who = actor or self.actor
        with self.ledger.transaction() as tx:
            row = tx.session.scalars(select(ReminderOptInRow).where(
                ReminderOptInRow.patient_id == patient_id,
                ReminderOptInRow.channel == chosen.value,
                ReminderOptInRow.revoked_at.is_(None))).one_or_none()
            if row is None:
                return False
            row.revoked_at, row.sealed = self.ledger.clock(), None
            tx.audit(who, "reminder.optout", row.id, patient=patient_id, channel=chosen.value)
        return True

    def optins_for(self, patient_id: str) -> list[OptInView]:
        with self.ledger.read() as session:
            rows = session.scalars(select(ReminderOptInRow).where(
                ReminderOptInRow.patient_id == patient_id,
                ReminderOptInRow.revoked_at.is_(None))).all()
        views = []
        for row in rows:
            to = self.sealer.open_optin(row.id, row.sealed).to if row.sealed else ""
            views.append(OptInView(row.patient_id, Channel(row.channel),
                                   mask(row.channel, to), row.source, row.given_at))
        return views

    # -- what staff and screens see ----------------------------------------
    def view(self, notice_id: str) -> NoticeView:
        with self.ledger.read() as session:
            row = session.get(NoticeRow, notice_id)
            if row is None:
                raise KeyError(f"no notice {notice_id}")
            return notice_view(row, self.sealer)

    def for_payment(self, payment_id: str) -> list[NoticeView]:
        with self.ledger.read() as session:
            rows = session.scalars(select(NoticeRow).where(NoticeRow.payment_id == payment_id)
                                   .order_by(NoticeRow.created_at)).all()
            return [notice_view(row, self.sealer) for row in rows]

    def waiting(self, statuses: Iterable[NoticeStatus] = (NoticeStatus.QUEUED,
                                                           NoticeStatus.ATTENTION)
                ) -> list[NoticeView]:
        with self.ledger.read() as session:
            return [notice_view(row, self.sealer)
                    for row in notices_with_status(session, statuses)]

    def counts(self) -> dict[str, int]:
        with self.ledger.read() as session:
            return status_counts(session)

    # -- staff actions ------------------------------------------------------
    def retry(self, notice_id: str, actor: str) -> bool:
        """Put a set-aside notice back in the queue (its address must still be there)."""
        with self.ledger.transaction() as tx:
            row = tx.session.get(NoticeRow, notice_id)
            if row is None or row.status != NoticeStatus.ATTENTION.value or row.sealed is None:
                return False
            row.status = NoticeStatus.QUEUED.value
            row.next_attempt_at, row.claimed_at = None, None
            row.queued_at = row.updated_at = self.ledger.clock()  # a fresh give-up clock
            row.last_error = ""
            tx.audit(actor, "notice.retry", notice_id)
        self._wake()
        return True

    def cancel(self, notice_id: str, actor: str) -> bool:
        """Drop a queued or set-aside notice and erase its address."""
        with self.ledger.transaction() as tx:
            row = tx.session.get(NoticeRow, notice_id)
            if row is None or row.status not in (NoticeStatus.QUEUED.value,
                                                  NoticeStatus.ATTENTION.value):
                return False
            now = self.ledger.clock()
            if row.status == NoticeStatus.QUEUED.value and row.claimed_at is not None \
                    and row.claimed_at >= now - self.claim_lease:
                return False  # a worker is handing it over right now
            row.status, row.sealed = NoticeStatus.CANCELED.value, None
            row.updated_at = self.ledger.clock()
            tx.audit(actor, "notice.canceled", notice_id)
        return True
