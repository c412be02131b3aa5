"""The payment lifecycle (ARCHITECTURE.md, "Payment lifecycle").

Order of every step, and why:

1. ``start`` commits the payment as CREATED before anything else happens, so
   a payment the terminal ever hears of always exists in the ledger.
2. ``authorize`` commits AUTHORIZING (attempt n) *before* calling the
   terminal, so after a crash the ledger says "ask the terminal" rather than
   "nothing happened".
3. The outcome is committed with, for an approval, the outbox row that will
   tell the PMS: one transaction, so an approval can never lose its posting.
4. An outcome we could not learn becomes UNKNOWN and is resolved only with
   ``terminal.query``, never by selling again.

The payment id travels to the terminal and the PMS as the idempotency key.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError

from kiosk import crashpoints
from kiosk.domain.money import Money
from kiosk.domain.payment import (
    RETRYABLE,
    CardDetails,
    PaymentKind,
    PaymentStatus,
    PaymentView,
    PostingKind,
)
from kiosk.ledger.database import Ledger, LedgerError
from kiosk.ledger.locks import advisory_lock
from kiosk.ledger.models import PaymentRow
from kiosk.ledger.queries import payment_view, unposted_holds
from kiosk.payments.policy import AmountPolicy
from kiosk.ports.terminal import (
    CaptureOutcome,
    CardTerminal,
    ProgressEvent,
    ProgressKind,
    SaleOutcome,
    SaleResult,
)

log = logging.getLogger(__name__)

#: How often a commit that follows a real charge is retried before giving up on it
#: (the charge is then found again by reconciliation at the next start).
_COMMIT_RETRIES = 5


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    patient_id: str
    display_name: str  # masked, "Maria G."
    amount: Money
    #: The PMS balance the patient saw; required for BALANCE payments.
    statement_balance: Money | None
    kind: PaymentKind = PaymentKind.BALANCE
    method: str = "card"
    session_ref: str = ""
    statement_code: str = ""


@dataclass(frozen=True, slots=True)
class AttemptResult:
    payment_id: str
    status: PaymentStatus
    card: CardDetails = field(default_factory=CardDetails)
    staff_message: str = ""

    @property
    def approved(self) -> bool:
        return self.status in (PaymentStatus.APPROVED, PaymentStatus.CAPTURED)

    @property
    def can_retry(self) -> bool:
        return self.status in RETRYABLE

    @property
    def outcome_code(self) -> str:
        """A stable code the screens translate into the patient's language."""
        return {
            PaymentStatus.APPROVED: "approved",
            PaymentStatus.CAPTURED: "approved",
            PaymentStatus.DECLINED: "declined",
            PaymentStatus.CANCELED: "canceled",
            PaymentStatus.PENDING: "pending",
            PaymentStatus.UNKNOWN: "unknown",
            PaymentStatus.ABANDONED: "canceled",
        }.get(self.status, "unknown")


class PaymentService:
    """One kiosk's or counter's payments. Methods block: call them off the GUI thread."""

    def __init__(self, ledger: Ledger, terminal: CardTerminal, policy: AmountPolicy,
                 actor: str) -> None:
        self.ledger = ledger
        self.terminal = terminal
        self.policy = policy
        self.actor = actor

    # -- what may be paid ---------------------------------------------------
    def payable(self, patient_id: str, statement_balance: Money) -> Money:
        with self.ledger.read() as session:
            holds = unposted_holds(session, patient_id, statement_balance.currency,
                                   self.ledger.clock())
        return max(statement_balance - holds, Money.zero(statement_balance.currency))

    # -- step 1 -------------------------------------------------------------
    def start(self, request: PaymentRequest) -> str:
        """Validate the amount and record the payment as CREATED. Nothing is charged."""
        payment_id = str(uuid.uuid4())
        with self.ledger.transaction() as tx:
            if request.kind is PaymentKind.BALANCE:
                if request.statement_balance is None:
                    raise ValueError("a balance payment needs the statement balance")
                # Two devices paying one patient's balance at once: on PostgreSQL take the
                # patient's lock first (SQLite writers are already one at a time).
                advisory_lock(tx.session, "payable", request.patient_id)
                holds = unposted_holds(tx.session, request.patient_id, request.amount.currency,
                                       self.ledger.clock())
                payable = request.statement_balance - holds
            else:
                payable = Money.zero(request.amount.currency)
            self.policy.check(request.amount, request.kind, payable)
            tx.add_payment(PaymentRow(
                id=payment_id, terminal_id=self.ledger.terminal_id, channel=self.ledger.channel,
                session_ref=request.session_ref, patient_id=request.patient_id,
                display_name=request.display_name, statement_code=request.statement_code,
                kind=request.kind.value, method=request.method,
                amount_cents=request.amount.cents, refunded_cents=0,
                currency=request.amount.currency, attempts=0, processor=self.terminal.name,
                processor_ref="", card_brand="", card_last4="", auth_code="", last_message="",
            ), self.actor)
        crashpoints.reached("payment.created")
        return payment_id

    # -- step 2 and 3 -------------------------------------------------------
    def authorize(self, payment_id: str,
                  on_progress: Callable[[ProgressEvent], None] | None = None) -> AttemptResult:
        """One attempt on the terminal. After a decline or cancel, call again to retry."""
        with self.ledger.transaction() as tx:
            row = tx.payment(payment_id)
            if PaymentStatus(row.status) not in RETRYABLE:
                raise ValueError(f"payment {payment_id} is {row.status}; it cannot be tried again")
            tx.transition(row, PaymentStatus.AUTHORIZING, self.actor,
                          attempts=row.attempts + 1, processor=self.terminal.name)
            amount = Money(row.amount_cents, row.currency)
        crashpoints.reached("payment.authorizing")

        def progress(event: ProgressEvent) -> None:
            if event.kind is ProgressKind.REFERENCE and event.processor_ref:
                self._record_reference(payment_id, event.processor_ref)
            if on_progress is not None:
                on_progress(event)

        try:
            result = self.terminal.sale(payment_id, amount, progress)
        except Exception as exc:  # adapters should not raise; if one does, we are in doubt
            log.exception("terminal %s raised during sale", self.terminal.name)
            result = SaleResult(SaleOutcome.UNKNOWN,
                                staff_message=f"terminal error: {exc.__class__.__name__}")
        if self._apply(payment_id, result, live=True) is PaymentStatus.UNKNOWN:
            self.resolve(payment_id, live=True)
        return self._attempt_result(payment_id)

    def cancel(self) -> None:
        """Ask the terminal to stop; ``authorize`` returns when the terminal has stopped."""
        self.terminal.cancel()

    def abandon(self, payment_id: str, reason: str = "patient left") -> None:
        """The patient gave up (or timed out) on a payment that took no money."""
        with self.ledger.transaction() as tx:
            row = tx.payment(payment_id)
            if PaymentStatus(row.status) in RETRYABLE:
                tx.transition(row, PaymentStatus.ABANDONED, self.actor, detail=reason)

    # -- helpers shared with reconciliation --------------------------------
    def _record_reference(self, payment_id: str, processor_ref: str) -> None:
        """The terminal assigned its reference: keep it now, it is how we ask later."""
        with self.ledger.transaction() as tx:
            tx.note(tx.payment(payment_id), self.actor, "payment.reference",
                    processor_ref=processor_ref[:128])

    def _apply(self, payment_id: str, result: SaleResult, live: bool) -> PaymentStatus:
        """Commit what the terminal said. Returns the new status."""
        outcome = result.outcome
        if outcome is SaleOutcome.APPROVED:
            self._commit_with_retry(lambda: self._commit_approval(payment_id, result))
            crashpoints.reached("payment.approved")
            return self.capture(payment_id)
        target = {
            SaleOutcome.DECLINED: PaymentStatus.DECLINED,
            SaleOutcome.CANCELED: PaymentStatus.CANCELED,
            SaleOutcome.PENDING: PaymentStatus.PENDING,
            SaleOutcome.UNKNOWN: PaymentStatus.UNKNOWN,
            # The terminal never saw it: nothing was taken. A live patient may try again;
            # at start-up the patient is gone.
            SaleOutcome.NOT_FOUND: PaymentStatus.CANCELED if live else PaymentStatus.ABANDONED,
        }[outcome]

        def commit() -> None:
            with self.ledger.transaction() as tx:
                row = tx.payment(payment_id)
                if PaymentStatus(row.status) is target:
                    return
                tx.transition(row, target, self.actor, detail=result.staff_message,
                              last_message=result.staff_message[:240],
                              processor_ref=result.processor_ref or row.processor_ref)

        self._commit_with_retry(commit)
        crashpoints.reached("payment.resolved")
        return target

    def _commit_approval(self, payment_id: str, result: SaleResult) -> None:
        with self.ledger.transaction() as tx:
            row = tx.payment(payment_id)
            if PaymentStatus(row.status) in (PaymentStatus.APPROVED, PaymentStatus.CAPTURED):
                return
            tx.transition(
                row, PaymentStatus.APPROVED, self.actor, detail=result.staff_message,
                card_brand=result.card.brand[:24], card_last4=result.card.last4,
                auth_code=result.card.auth_code[:16],
                processor_ref=result.processor_ref or row.processor_ref,
                last_message=result.staff_message[:240],
            )
            tx.enqueue(row.id, PostingKind.PAYMENT, row, Money(row.amount_cents, row.currency))

    def capture(self, payment_id: str) -> PaymentStatus:
        """Capture an approved payment; safe to repeat (the terminal de-duplicates)."""
        with self.ledger.read() as session:
            row = session.get(PaymentRow, payment_id)
            if row is None or PaymentStatus(row.status) is not PaymentStatus.APPROVED:
                return PaymentStatus(row.status) if row else PaymentStatus.UNKNOWN
            amount, ref = Money(row.amount_cents, row.currency), row.processor_ref
        try:
            result = self.terminal.capture(payment_id, amount, ref)
        except Exception:
            log.exception("terminal %s raised during capture", self.terminal.name)
            return PaymentStatus.APPROVED  # still approved; capture is retried at start-up
        crashpoints.reached("terminal.captured")
        if result.outcome is CaptureOutcome.UNKNOWN:
            return PaymentStatus.APPROVED  # retried by reconciliation

        def commit() -> None:
            with self.ledger.transaction() as tx:
                row = tx.payment(payment_id)
                if PaymentStatus(row.status) is not PaymentStatus.APPROVED:
                    return
                if result.outcome is CaptureOutcome.CAPTURED:
                    tx.transition(row, PaymentStatus.CAPTURED, self.actor)
                else:
                    # The authorisation could not be captured (expired, refused): no money
                    # moves, so tell the PMS to take the queued payment back.
                    tx.transition(row, PaymentStatus.VOIDED, self.actor,
                                  detail=result.staff_message,
                                  last_message=result.staff_message[:240])
                    tx.enqueue(str(uuid.uuid5(uuid.NAMESPACE_URL, f"void:{row.id}")),
                               PostingKind.REVERSAL, row, Money(row.amount_cents, row.currency))

        self._commit_with_retry(commit)
        crashpoints.reached("payment.captured")
        return (PaymentStatus.CAPTURED if result.outcome is CaptureOutcome.CAPTURED
                else PaymentStatus.VOIDED)

    def resolve(self, payment_id: str, live: bool) -> PaymentStatus:
        """Ask the terminal what happened to a payment in doubt. Never charges."""
        with self.ledger.read() as session:
            row = session.get(PaymentRow, payment_id)
            if row is None:
                raise KeyError(payment_id)
            ref = row.processor_ref
        try:
            result = self.terminal.query(payment_id, ref)
        except Exception as exc:
            log.exception("terminal %s raised during query", self.terminal.name)
            result = SaleResult(SaleOutcome.UNKNOWN,
                                staff_message=f"terminal error: {exc.__class__.__name__}")
        crashpoints.reached("reconcile.queried")
        if result.outcome is SaleOutcome.UNKNOWN and (
            self._status(payment_id) is not PaymentStatus.AUTHORIZING
        ):
            return PaymentStatus.UNKNOWN  # still in doubt; asked again at the next start
        return self._apply(payment_id, result, live)

    def _status(self, payment_id: str) -> PaymentStatus:
        with self.ledger.read() as session:
            row = session.get(PaymentRow, payment_id)
            return PaymentStatus(row.status) if row else PaymentStatus.UNKNOWN

    def _commit_with_retry(self, commit: Callable[[], None]) -> None:
        """Commits that record money already moved get a few tries (a busy or full disk)."""
        for attempt in range(_COMMIT_RETRIES):
            try:
                commit()
                return
            except SQLAlchemyError as exc:
                log.error("ledger commit failed (attempt %d): %s", attempt + 1,
                          exc.__class__.__name__)
                time.sleep(0.05 * (2 ** attempt))
        raise LedgerError("the ledger could not record a terminal outcome; "
                          "it will be reconciled with the terminal at the next start")

    # -- views --------------------------------------------------------------
    def view(self, payment_id: str) -> PaymentView:
        with self.ledger.read() as session:
            row = session.get(PaymentRow, payment_id)
            if row is None:
                raise KeyError(payment_id)
            return payment_view(session, row)

    def _attempt_result(self, payment_id: str) -> AttemptResult:
        view = self.view(payment_id)
        return AttemptResult(payment_id, view.status, view.card, view.last_message)
