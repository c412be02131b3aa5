"""Refunds and voids at the counter, each approved by a supervisor.

The order of steps mirrors a sale's, and for the same reason:

1. ``requested``: the approved refund is committed (both staff ids, amount,
   reason code) before any money moves. Its id is fresh and is the
   idempotency key the processor sees and the reversal's posting id.
2. ``sent`` (card and phone payments): committed *before* the processor is
   asked, so after a crash the ledger says "ask again with the same id".
3. ``done``: one transaction records the processor's refund reference, adds
   the amount to the payment's ``refunded_cents``, moves the payment to
   PARTLY_REFUNDED, REFUNDED or VOIDED, and queues the REVERSAL posting.
   Cash is handed back, or a check returned, only after this commit.

A crash between the processor's refund and our commit leaves the refund
``sent``. :meth:`RefundService.resolve_pending` (run at counter start) sends
the same request again with the same refund id: the terminal port promises
that ``refund`` is idempotent on that id (Stripe's idempotency key; the
simulator's ledger of refund ids), so the processor answers with the refund
it already made instead of making a second one. A refund still ``requested``
after a restart was never sent: it is marked failed, and nothing moved.
"""

from __future__ import annotations

import enum
import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk import crashpoints
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentStatus, PaymentView, PostingKind
from kiosk.domain.staff import Approval, Role, StaffSession
from kiosk.ledger.counter_models import RefundRow
from kiosk.ledger.database import Ledger
from kiosk.ledger.models import PaymentRow
from kiosk.ledger.queries import payment_view
from kiosk.ports.terminal import CardTerminal, RefundOutcome, RefundResult

log = logging.getLogger(__name__)

#: Methods whose money went through the processor, so it must give it back.
PROCESSOR_METHODS = frozenset({"card", "phone"})
REFUNDABLE = frozenset({PaymentStatus.CAPTURED, PaymentStatus.PARTLY_REFUNDED})
#: Why money goes back: codes the screens translate (no free text: it could hold PHI).
REASONS = ("patient_request", "duplicate", "wrong_amount", "wrong_patient",
           "service_canceled", "other")


class RefundKind(enum.StrEnum):
    REFUND = "refund"  # some or all of a payment, any day after it
    VOID = "void"  # all of a payment, on the clinic's day it was taken


class RefundStatus(enum.StrEnum):
    REQUESTED = "requested"  # approved and recorded; nothing moved yet
    SENT = "sent"  # the processor was asked; outcome unknown until recorded
    DONE = "done"  # money returned; reversal queued for the PMS
    FAILED = "failed"  # refused by the processor, or interrupted before it was sent


class RefundRefused(ValueError):
    """A refund the counter will not start; ``code`` for the screen, message for staff."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class RefundQuote:
    """What the refund dialog shows before asking for a supervisor."""

    payment: PaymentView
    refundable: Money  # amount - refunded - refunds in flight
    can_refund: bool
    can_void: bool
    why_not: str  # a code when neither is possible: not_captured | fully_refunded | in_flight
    needs_processor: bool


@dataclass(frozen=True, slots=True)
class RefundView:
    id: str
    payment_id: str
    kind: RefundKind
    amount: Money
    method: str
    status: RefundStatus
    requested_by: str
    approved_by: str
    reason: str
    refund_ref: str
    last_message: str
    created_at: datetime
    done_at: datetime | None

    @property
    def done(self) -> bool:
        return self.status is RefundStatus.DONE

    @property
    def in_doubt(self) -> bool:
        """The processor may have refunded: never hand out money, never refund again."""
        return self.status is RefundStatus.SENT


class RefundService:
    """Blocking (ledger, processor): run on the session's job runner."""

    def __init__(self, ledger: Ledger, terminal: CardTerminal, timezone: str) -> None:
        self.ledger = ledger
        self.terminal = terminal
        self.zone = ZoneInfo(timezone)

    # -- before approval ------------------------------------------------------------
    def quote(self, payment_id: str) -> RefundQuote:
        with self.ledger.read() as session:
            row = session.get(PaymentRow, payment_id)
            if row is None:
                raise KeyError(payment_id)
            view = payment_view(session, row)
            in_flight = _in_flight_cents(session, payment_id)
        status = view.status
        refundable = Money(view.amount.cents - view.refunded.cents - in_flight,
                           view.amount.currency)
        why_not = ""
        if status not in REFUNDABLE:
            why_not = "fully_refunded" if status in (PaymentStatus.REFUNDED,
                                                     PaymentStatus.VOIDED) else "not_captured"
        elif in_flight:
            why_not = "in_flight"
        can_refund = not why_not and refundable.cents > 0
        can_void = (can_refund and status is PaymentStatus.CAPTURED and not view.refunded
                    and self._day(view.created_at) == self._day(self.ledger.clock()))
        return RefundQuote(view, refundable, can_refund, can_void, why_not,
                           view.method in PROCESSOR_METHODS)

    # -- the two actions ------------------------------------------------------------
    def refund(self, staff: StaffSession, approval: Approval, payment_id: str,
               amount: Money, reason: str) -> RefundView:
        return self._run(staff, approval, payment_id, RefundKind.REFUND, amount, reason)

    def void(self, staff: StaffSession, approval: Approval, payment_id: str,
             reason: str) -> RefundView:
        quote = self.quote(payment_id)
        return self._run(staff, approval, payment_id, RefundKind.VOID, quote.payment.amount,
                         reason)

    def _run(self, staff: StaffSession, approval: Approval, payment_id: str,
             kind: RefundKind, amount: Money, reason: str) -> RefundView:
        if approval.requested_by_id != staff.staff.id:
            raise RefundRefused("approval", "this approval was given for someone else")
        if reason not in REASONS:
            raise RefundRefused("reason", f"unknown reason {reason!r}")
        refund_id = self._record(staff, approval, payment_id, kind, amount, reason)
        crashpoints.reached("refund.requested")
        return self._carry_out(refund_id, staff.actor)

    def _record(self, staff: StaffSession, approval: Approval, payment_id: str,
                kind: RefundKind, amount: Money, reason: str) -> str:
        refund_id = str(uuid.uuid4())
        with self.ledger.transaction() as tx:
            # Locks the payment against a second refund racing this one (another counter).
            row = tx.session.get(PaymentRow, payment_id, with_for_update=True)
            if row is None:
                raise RefundRefused("no_payment", f"no payment {payment_id}")
            in_flight = _in_flight_cents(tx.session, payment_id)
            refundable = row.amount_cents - row.refunded_cents - in_flight
            status = PaymentStatus(row.status)
            if amount.currency != row.currency or amount.cents <= 0:
                raise RefundRefused("amount", "enter an amount greater than zero")
            if status not in REFUNDABLE or in_flight:
                raise RefundRefused("not_refundable",
                                    f"a {status.value} payment cannot be refunded now")
            if amount.cents > refundable:
                raise RefundRefused("above_refundable",
                                    f"at most {Money(refundable, row.currency).format()} "
                                    "can be refunded")
            if kind is RefundKind.VOID and (status is not PaymentStatus.CAPTURED
                                            or row.refunded_cents
                                            or amount.cents != row.amount_cents
                                            or self._day(row.created_at)
                                            != self._day(self.ledger.clock())):
                raise RefundRefused("not_voidable",
                                    "only an untouched payment of today can be voided")
            now = self.ledger.clock()
            tx.session.add(RefundRow(
                id=refund_id, payment_id=payment_id, kind=kind.value, amount_cents=amount.cents,
                currency=row.currency, method=row.method,
                status=RefundStatus.REQUESTED.value, terminal_id=self.ledger.terminal_id,
                requested_by=staff.staff.id, approved_by=approval.supervisor_id,
                reason=reason, attempts=0, refund_ref="", last_message="", created_at=now,
                updated_at=now, done_at=None))
            tx.audit(staff.actor, f"{kind.value}.requested", refund_id, payment=payment_id,
                     amount_cents=amount.cents, requested_by=staff.staff.id,
                     approved_by=approval.supervisor_id,
                     approver=approval.supervisor_username, reason=reason)
        return refund_id

    def _carry_out(self, refund_id: str, actor: str) -> RefundView:
        with self.ledger.read() as session:
            refund = session.get(RefundRow, refund_id)
            payment = session.get(PaymentRow, refund.payment_id) if refund else None
            if refund is None or payment is None:
                raise KeyError(refund_id)
            processor_ref = payment.processor_ref
        if refund.method not in PROCESSOR_METHODS:
            self._complete(refund_id, actor, RefundResult(RefundOutcome.REFUNDED,
                                                          staff_message="returned at the desk"))
            return self.view(refund_id)
        with self.ledger.transaction() as tx:
            row = tx.session.get(RefundRow, refund_id)
            assert row is not None
            if row.status == RefundStatus.REQUESTED.value:
                row.status = RefundStatus.SENT.value
            row.attempts += 1
            row.updated_at = self.ledger.clock()
            tx.audit(actor, "refund.sent", refund_id, payment=row.payment_id,
                     attempt=row.attempts)
        crashpoints.reached("refund.sending")
        try:
            result = self.terminal.refund(refund.payment_id,
                                          Money(refund.amount_cents, refund.currency),
                                          refund_id, processor_ref)
        except Exception as exc:  # adapters should not raise; if one does we are in doubt
            log.exception("terminal %s raised during a refund", self.terminal.name)
            result = RefundResult(RefundOutcome.UNKNOWN,
                                  staff_message=f"terminal error: {exc.__class__.__name__}")
        crashpoints.reached("refund.sent")
        self._complete(refund_id, actor, result)
        return self.view(refund_id)

    def _complete(self, refund_id: str, actor: str, result: RefundResult) -> None:
        with self.ledger.transaction() as tx:
            refund = tx.session.get(RefundRow, refund_id)
            assert refund is not None
            if refund.status in (RefundStatus.DONE.value, RefundStatus.FAILED.value):
                return
            now = self.ledger.clock()
            refund.updated_at = now
            refund.last_message = result.staff_message[:240]
            if result.outcome is RefundOutcome.UNKNOWN:
                tx.audit(actor, "refund.in_doubt", refund_id, payment=refund.payment_id)
                return  # stays SENT: asked again (same id) by resolve_pending
            if result.outcome is RefundOutcome.FAILED:
                refund.status = RefundStatus.FAILED.value
                tx.audit(actor, "refund.failed", refund_id, payment=refund.payment_id)
                return
            payment = tx.session.get(PaymentRow, refund.payment_id, with_for_update=True)
            assert payment is not None
            refunded = payment.refunded_cents + refund.amount_cents
            if refund.kind == RefundKind.VOID.value:
                target = PaymentStatus.VOIDED
            elif refunded >= payment.amount_cents:
                target = PaymentStatus.REFUNDED
            else:
                target = PaymentStatus.PARTLY_REFUNDED
            tx.transition(payment, target, actor, detail=f"{refund.kind} {refund_id}",
                          refunded_cents=refunded)
            tx.enqueue(refund_id, PostingKind.REVERSAL, payment,
                       Money(refund.amount_cents, refund.currency))
            refund.status = RefundStatus.DONE.value
            refund.refund_ref = result.refund_ref[:128]
            refund.done_at = now
            tx.audit(actor, f"{refund.kind}.done", refund_id, payment=refund.payment_id,
                     amount_cents=refund.amount_cents, refunded_cents=refunded,
                     requested_by=refund.requested_by, approved_by=refund.approved_by)
        crashpoints.reached("refund.done")

    # -- after a crash ----------------------------------------------------------------
    def resolve_pending(self, actor: str) -> list[RefundView]:
        """At counter start: settle this counter's refunds a crash interrupted. Never twice."""
        with self.ledger.read() as session:
            pending = list(session.scalars(select(RefundRow).where(
                RefundRow.terminal_id == self.ledger.terminal_id,
                RefundRow.status.in_([RefundStatus.REQUESTED.value,
                                      RefundStatus.SENT.value]))
                .order_by(RefundRow.created_at)))
        for refund in pending:
            if refund.status == RefundStatus.REQUESTED.value:
                with self.ledger.transaction() as tx:
                    row = tx.session.get(RefundRow, refund.id)
                    assert row is not None
                    if row.status == RefundStatus.REQUESTED.value:
                        row.status = RefundStatus.FAILED.value
                        row.last_message = "interrupted before it was sent; nothing moved"
                        row.updated_at = self.ledger.clock()
                        tx.audit(actor, "refund.interrupted", row.id, payment=row.payment_id)
            else:
                self._carry_out(refund.id, actor)  # the same id: the processor de-duplicates
        return [self.view(refund.id) for refund in pending]

    # -- views --------------------------------------------------------------------------
    def view(self, refund_id: str) -> RefundView:
        with self.ledger.read() as session:
            row = session.get(RefundRow, refund_id)
            if row is None:
                raise KeyError(refund_id)
            return _view(row)

    def for_payment(self, payment_id: str) -> list[RefundView]:
        with self.ledger.read() as session:
            rows = session.scalars(select(RefundRow).where(RefundRow.payment_id == payment_id)
                                   .order_by(RefundRow.created_at))
            return [_view(row) for row in rows]

    def _day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    @staticmethod
    def approver_role() -> Role:
        return Role.SUPERVISOR


def _in_flight_cents(session: Session, payment_id: str) -> int:
    total = session.scalar(select(func.coalesce(func.sum(RefundRow.amount_cents), 0)).where(
        RefundRow.payment_id == payment_id,
        RefundRow.status.in_([RefundStatus.REQUESTED.value, RefundStatus.SENT.value])))
    return int(total or 0)


def _view(row: RefundRow) -> RefundView:
    return RefundView(row.id, row.payment_id, RefundKind(row.kind),
                      Money(row.amount_cents, row.currency), row.method,
                      RefundStatus(row.status), row.requested_by, row.approved_by, row.reason,
                      row.refund_ref, row.last_message, row.created_at, row.done_at)
