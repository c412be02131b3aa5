"""Kiosk sessions the front desk can see and take over (``kiosk_sessions``, one row a kiosk).

The kiosk side publishes where its patient is (a step name, the PMS patient
id, the masked name, the amount and the payment id: nothing else) and polls
:meth:`SessionBoard.taken_over` to learn that the desk took over, then shows
"please see the front desk" and wipes its screen. The counter lists the
sessions, flags those unchanged for ``stuck_after_s``, and takes one over.

Taking over never moves a kiosk payment onto the counter's terminal (a
crash there would leave a charge the kiosk's own reconciliation cannot
find). Instead the result says what the desk does next:

- ``receipt``: the kiosk payment went through; print or reprint its receipt;
- ``pay``: the kiosk payment took no money and is abandoned now, so the desk
  takes a new payment for the same patient and amount;
- ``wait``: the kiosk payment's outcome is in doubt; the kiosk resolves it by
  asking its terminal (never by charging again) at its next start. Take no
  new payment for this balance until it is resolved;
- ``none``: the patient had not started a payment.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from kiosk.domain.money import Money
from kiosk.domain.payment import IN_DOUBT, RETRYABLE, PaymentStatus
from kiosk.domain.staff import StaffSession
from kiosk.ledger.counter_models import KioskSessionRow
from kiosk.ledger.database import Ledger
from kiosk.ledger.models import PaymentRow
from kiosk.payments.service import PaymentService


class SessionState(enum.StrEnum):
    ACTIVE = "active"  # the kiosk is serving this patient
    TAKEN_OVER = "taken_over"  # the front desk took it; the kiosk must stop
    ENDED = "ended"  # the kiosk finished or wiped the session


@dataclass(frozen=True, slots=True)
class KioskSessionView:
    kiosk_id: str
    session_ref: str
    patient_id: str
    display_name: str  # masked
    amount: Money | None
    payment_id: str | None
    payment_status: PaymentStatus | None
    step: str  # the kiosk's screen name (identify, statement, amount, processing, ...)
    state: SessionState
    updated_at: datetime
    idle_s: int  # seconds since the kiosk last reported
    stuck: bool  # idle_s >= the configured stuck_session_s
    taken_by: str  # staff id, when taken over


@dataclass(frozen=True, slots=True)
class TakeoverNotice:
    """What the kiosk learns when the desk took its patient."""

    kiosk_id: str
    session_ref: str
    taken_at: datetime


@dataclass(frozen=True, slots=True)
class TakeoverResult:
    ok: bool
    next_step: str  # receipt | pay | wait | none ("" when not ok)
    session: KioskSessionView | None
    message: str = ""  # code when not ok: no_session | already_taken | ended


class SessionBoard:
    def __init__(self, ledger: Ledger, stuck_after_s: int = 180,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.ledger = ledger
        self.stuck_after_s = stuck_after_s
        self._clock = clock or ledger.clock

    # -- the kiosk's side -------------------------------------------------------------
    def publish(self, kiosk_id: str, session_ref: str, step: str, patient_id: str = "",
                display_name: str = "", amount: Money | None = None,
                payment_id: str | None = None) -> bool:
        """Record where the kiosk's patient is. False: the desk took it over (stop)."""
        now = self._clock()
        with self.ledger.transaction() as tx:
            row = tx.session.get(KioskSessionRow, kiosk_id, with_for_update=True)
            if row is not None and row.session_ref == session_ref \
                    and row.state == SessionState.TAKEN_OVER.value:
                return False
            if row is None:
                row = KioskSessionRow(kiosk_id=kiosk_id, taken_by="", taken_at=None)
                tx.session.add(row)
            row.session_ref = session_ref[:64]
            row.patient_id = patient_id[:64]
            row.display_name = display_name[:80]
            row.amount_cents = amount.cents if amount is not None else None
            row.currency = amount.currency if amount is not None else "USD"
            row.payment_id = payment_id
            row.step = step[:24]
            row.state = SessionState.ACTIVE.value
            if row.taken_by and row.session_ref != session_ref:
                row.taken_by, row.taken_at = "", None
            row.updated_at = now
        return True

    def end(self, kiosk_id: str, session_ref: str) -> None:
        """The kiosk wiped its session: forget the patient (the row stays, empty)."""
        with self.ledger.transaction() as tx:
            row = tx.session.get(KioskSessionRow, kiosk_id, with_for_update=True)
            if row is None or row.session_ref != session_ref \
                    or row.state == SessionState.TAKEN_OVER.value:
                return
            row.state = SessionState.ENDED.value
            row.patient_id, row.display_name, row.amount_cents, row.payment_id = "", "", None, None
            row.step = "ended"
            row.updated_at = self._clock()

    def taken_over(self, kiosk_id: str, session_ref: str) -> TakeoverNotice | None:
        """The kiosk's poll (cheap: one primary-key read)."""
        with self.ledger.read() as session:
            row = session.get(KioskSessionRow, kiosk_id)
            if row is None or row.session_ref != session_ref \
                    or row.state != SessionState.TAKEN_OVER.value or row.taken_at is None:
                return None
            return TakeoverNotice(kiosk_id, session_ref, row.taken_at)

    # -- the counter's side -----------------------------------------------------------
    def sessions(self, include_ended: bool = False) -> list[KioskSessionView]:
        with self.ledger.read() as session:
            query = select(KioskSessionRow, PaymentRow.status).outerjoin(
                PaymentRow, PaymentRow.id == KioskSessionRow.payment_id)
            if not include_ended:
                query = query.where(KioskSessionRow.state != SessionState.ENDED.value)
            rows = session.execute(query.order_by(KioskSessionRow.updated_at)).all()
        return [self._view(row, status) for row, status in rows]

    def take_over(self, staff: StaffSession, kiosk_id: str, session_ref: str,
                  payments: PaymentService) -> TakeoverResult:
        """Take the kiosk's patient to the desk; abandon its payment if it took no money."""
        now = self._clock()
        with self.ledger.transaction() as tx:
            row = tx.session.get(KioskSessionRow, kiosk_id, with_for_update=True)
            if row is None or row.session_ref != session_ref:
                return TakeoverResult(False, "", None, "no_session")
            if row.state == SessionState.TAKEN_OVER.value:
                return TakeoverResult(False, "", None, "already_taken")
            if row.state == SessionState.ENDED.value:
                return TakeoverResult(False, "", None, "ended")
            row.state = SessionState.TAKEN_OVER.value
            row.taken_by = staff.staff.id
            row.taken_at = now
            row.updated_at = now
            payment_id = row.payment_id
            tx.audit(staff.actor, "kiosk_session.taken_over", kiosk_id,
                     session_ref=session_ref, payment=payment_id or "",
                     patient=row.patient_id)
        next_step = "none"
        if payment_id:
            status = payments.view(payment_id).status
            if status in RETRYABLE:
                payments.abandon(payment_id, "taken over at the counter")
                status = payments.view(payment_id).status
            if status in IN_DOUBT or status is PaymentStatus.PENDING:
                next_step = "wait"
            elif status in (PaymentStatus.APPROVED, PaymentStatus.CAPTURED):
                next_step = "receipt"
            else:
                next_step = "pay"  # abandoned (or it raced to AUTHORIZING: shown as wait)
        views = [v for v in self.sessions(include_ended=True) if v.kiosk_id == kiosk_id]
        return TakeoverResult(True, next_step, views[0] if views else None)

    def _view(self, row: KioskSessionRow, status: str | None) -> KioskSessionView:
        idle = max(0, int((self._clock() - row.updated_at).total_seconds()))
        return KioskSessionView(
            kiosk_id=row.kiosk_id, session_ref=row.session_ref, patient_id=row.patient_id,
            display_name=row.display_name,
            amount=Money(row.amount_cents, row.currency) if row.amount_cents is not None
            else None,
            payment_id=row.payment_id,
            payment_status=PaymentStatus(status) if status else None, step=row.step,
            state=SessionState(row.state), updated_at=row.updated_at, idle_s=idle,
            stuck=row.state == SessionState.ACTIVE.value and idle >= self.stuck_after_s,
            taken_by=row.taken_by)
