"""Pay on your phone: a hosted payment page, through the same crash-safe lifecycle.

A phone payment is an ordinary ledger payment with ``method = "phone"``:

1. ``start`` records it CREATED (the same amount checks as a card payment);
2. ``open`` commits AUTHORIZING (attempt n) *before* the page is created, then
   creates the page (idempotent on the payment id and attempt) and stores the
   page's id at once, like a terminal's REFERENCE; the screen then shows the
   link as a QR code (:mod:`kiosk.qr`);
3. ``poll``/``wait`` ask how it went; a card payment commits APPROVED with its
   outbox row and CAPTURED in one transaction (Checkout captures by itself, so
   there is nothing for a terminal to capture); a bank payment still
   processing commits PENDING, and its posting is queued only when it settles
   (:meth:`PhonePayments.settle_pending`, also run by reconciliation);
4. ``cancel`` (patient, idle timeout or the kiosk's wait) *expires* the page so
   it cannot be paid later, and records whatever was true at that moment: a
   patient who paid a second before is APPROVED, not canceled.

After a crash, reconciliation calls :meth:`resolve`: the page is expired (the
patient has gone) and the truth recorded. Nothing here ever takes money; the
patient does, on their own phone.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk import crashpoints
from kiosk.domain.money import Money
from kiosk.domain.payment import RETRYABLE, CardDetails, PaymentStatus, PostingKind
from kiosk.ledger.models import PaymentRow
from kiosk.ledger.queries import payments_with_status
from kiosk.payments.service import PaymentRequest, PaymentService
from kiosk.ports.checkout import CheckoutLink, CheckoutState, CheckoutStatus, HostedCheckout

log = logging.getLogger(__name__)

PHONE_METHOD = "phone"
S = PaymentStatus


@dataclass(frozen=True, slots=True)
class PhoneAttempt:
    """Where a phone payment stands, for the QR and result screens."""

    payment_id: str
    status: PaymentStatus
    link: CheckoutLink | None = None  # set by ``open`` while the patient can pay
    card: CardDetails = field(default_factory=CardDetails)
    staff_message: str = ""

    @property
    def waiting(self) -> bool:
        """The page is up and unpaid: keep showing the QR code."""
        return self.status is S.AUTHORIZING

    @property
    def approved(self) -> bool:
        return self.status in (S.APPROVED, S.CAPTURED)

    @property
    def can_retry(self) -> bool:
        return self.status in RETRYABLE

    @property
    def outcome_code(self) -> str:
        """A stable code the screens translate into the patient's language."""
        return {S.AUTHORIZING: "waiting", S.APPROVED: "approved", S.CAPTURED: "approved",
                S.PENDING: "pending", S.DECLINED: "declined", S.CANCELED: "canceled",
                S.ABANDONED: "canceled"}.get(self.status, "unknown")


@dataclass(frozen=True, slots=True)
class _Row:
    status: str
    processor_ref: str


class PhonePayments:
    """Phone payments of one kiosk. Methods block: call them off the GUI thread."""

    def __init__(self, payments: PaymentService, checkout: HostedCheckout, *,
                 description: str, expires_in_s: int, wait_s: int,
                 poll_interval_s: float) -> None:
        self.payments = payments
        self.checkout = checkout
        self.description = description
        self.expires_in_s = expires_in_s
        self.wait_s = wait_s
        self.poll_interval_s = poll_interval_s

    # -- the patient's steps --------------------------------------------------
    def start(self, request: PaymentRequest) -> str:
        """Validate and record the payment (CREATED). Nothing else happens."""
        return self.payments.start(dataclasses.replace(request, method=PHONE_METHOD))

    def open(self, payment_id: str) -> PhoneAttempt:
        """Make the payment page for a new attempt. ``link`` is set when the QR can show."""
        with self.payments.ledger.transaction() as tx:
            row = tx.payment(payment_id)
            if row.method != PHONE_METHOD:
                raise ValueError(f"payment {payment_id} is a {row.method} payment")
            if S(row.status) not in RETRYABLE:
                raise ValueError(f"payment {payment_id} is {row.status}; it cannot be tried again")
            tx.transition(row, S.AUTHORIZING, self.payments.actor, attempts=row.attempts + 1,
                          processor=self.checkout.name)
            amount, attempt = Money(row.amount_cents, row.currency), row.attempts
        crashpoints.reached("payment.authorizing")
        try:
            opened = self.checkout.create(payment_id, attempt, amount, self.description,
                                          self.expires_in_s)
        except Exception as exc:  # adapters should not raise; no page means nothing payable
            log.exception("checkout %s raised during create", self.checkout.name)
            opened_link, message = None, f"checkout error: {exc.__class__.__name__}"
        else:
            opened_link, message = opened.link, opened.staff_message
        if opened_link is None:
            # The page's address never reached anyone, so nobody can pay it.
            self._commit(payment_id, S.CANCELED, message or "no payment page could be made")
            return self._attempt(payment_id)
        crashpoints.reached("phone.page_created")
        with self.payments.ledger.transaction() as tx:
            tx.note(tx.payment(payment_id), self.payments.actor, "payment.reference",
                    processor_ref=opened_link.processor_ref[:128])
        return dataclasses.replace(self._attempt(payment_id), link=opened_link)

    def poll(self, payment_id: str) -> PhoneAttempt:
        """One look: has the patient paid? A page still open leaves the payment waiting."""
        row = self._row(payment_id)
        if S(row.status) is not S.AUTHORIZING:
            return self._attempt(payment_id)
        status = self._ask(lambda: self.checkout.status(payment_id, row.processor_ref))
        return self._apply(payment_id, status, final=False, live=True)

    def wait(self, payment_id: str, stop: threading.Event, timeout_s: float | None = None
             ) -> PhoneAttempt:
        """Poll until paid, failed or expired; on ``stop`` or the time limit, cancel.

        ``stop`` is the screen's cancel button or idle timeout (set from any thread).
        """
        deadline = time.monotonic() + (self.wait_s if timeout_s is None else timeout_s)
        while True:
            attempt = self.poll(payment_id)
            if not attempt.waiting:
                return attempt
            if stop.is_set():
                return self.cancel(payment_id, "canceled by the patient or an idle timeout")
            if time.monotonic() >= deadline:
                return self.cancel(payment_id, "not paid within the kiosk's wait")
            stop.wait(self.poll_interval_s)

    def cancel(self, payment_id: str, reason: str = "canceled by the patient") -> PhoneAttempt:
        """Close the page so it cannot be paid any more, and record the truth."""
        row = self._row(payment_id)
        if S(row.status) not in (S.AUTHORIZING, S.UNKNOWN):
            return self._attempt(payment_id)
        status = self._ask(lambda: self.checkout.expire(payment_id, row.processor_ref))
        return self._apply(payment_id, status, final=True, live=True, reason=reason)

    # -- reconciliation -------------------------------------------------------
    def resolve(self, payment_id: str) -> PaymentStatus:
        """At start-up: the patient is gone. Close the page and record what happened."""
        row = self._row(payment_id)
        status = self._ask(lambda: self.checkout.expire(payment_id, row.processor_ref))
        crashpoints.reached("reconcile.queried")
        return self._apply(payment_id, status, final=True, live=False,
                           reason="page closed at restart").status

    def settle_pending(self) -> dict[str, int]:
        """Ask about bank payments still processing; queue the posting of those settled.

        Safe to run at any time (reconciliation runs it at start-up; a clinic may
        also run it periodically). Returns new status -> count, for those that moved.
        """
        ledger = self.payments.ledger
        with ledger.read() as session:
            pending = [(r.id, r.processor_ref) for r in
                       payments_with_status(session, [S.PENDING], ledger.terminal_id)
                       if r.method == PHONE_METHOD]
        counts: dict[str, int] = {}
        for payment_id, ref in pending:
            status = self._ask(functools.partial(self.checkout.status, payment_id, ref))
            result = self._apply(payment_id, status, final=False, live=False).status
            if result is not S.PENDING:
                counts[result.value] = counts.get(result.value, 0) + 1
        return counts

    # -- committing outcomes ------------------------------------------------------
    def _apply(self, payment_id: str, status: CheckoutStatus, *, final: bool, live: bool,
               reason: str = "") -> PhoneAttempt:
        state, note = status.state, status.staff_message
        current = S(self._row(payment_id).status)
        if state is CheckoutState.PAID:
            self.payments._commit_with_retry(lambda: self._commit_paid(payment_id, status))
            crashpoints.reached("payment.approved")
        elif state is CheckoutState.PROCESSING:
            if current is not S.PENDING:
                self._commit(payment_id, S.PENDING, note, status.processor_ref)
        elif state is CheckoutState.FAILED:
            self._commit(payment_id, S.DECLINED, note, status.processor_ref)
        elif current is S.PENDING:
            pass  # a pending bank payment only moves on when the bank answers
        elif state is CheckoutState.EXPIRED:
            self._commit(payment_id, S.CANCELED, f"{reason or 'page expired'}: {note}",
                         status.processor_ref)
        elif state is CheckoutState.NOT_FOUND:
            self._commit(payment_id, S.CANCELED if live else S.ABANDONED,
                         f"{reason}: {note}".strip(": "))
        elif final:  # OPEN after an expire, or UNKNOWN: the page may still be payable
            self._commit(payment_id, S.UNKNOWN, note or "could not close the payment page")
        return self._attempt(payment_id)

    def _commit(self, payment_id: str, target: PaymentStatus, message: str,
                processor_ref: str = "") -> None:
        def commit() -> None:
            with self.payments.ledger.transaction() as tx:
                row = tx.payment(payment_id)
                if S(row.status) is target:
                    return
                tx.transition(row, target, self.payments.actor, detail=message,
                              last_message=message[:240],
                              processor_ref=(processor_ref or row.processor_ref)[:128])

        self.payments._commit_with_retry(commit)
        crashpoints.reached("payment.resolved")

    def _commit_paid(self, payment_id: str, status: CheckoutStatus) -> None:
        """APPROVED with its outbox row, then CAPTURED: one transaction (Checkout captured)."""
        with self.payments.ledger.transaction() as tx:
            row = tx.payment(payment_id)
            if S(row.status) in (S.APPROVED, S.CAPTURED):
                return
            card = status.card
            tx.transition(row, S.APPROVED, self.payments.actor, detail=status.staff_message,
                          card_brand=card.brand[:24], card_last4=card.last4,
                          auth_code=card.auth_code[:16],
                          processor_ref=(status.processor_ref or row.processor_ref)[:128],
                          last_message=status.staff_message[:240])
            tx.enqueue(row.id, PostingKind.PAYMENT, row, Money(row.amount_cents, row.currency))
            tx.transition(row, S.CAPTURED, self.payments.actor,
                          detail="captured by the hosted checkout")

    # -- helpers ----------------------------------------------------------------
    def _ask(self, call: Callable[[], CheckoutStatus]) -> CheckoutStatus:
        try:
            return call()
        except Exception as exc:  # adapters should not raise; if one does, we are in doubt
            log.exception("checkout %s raised", self.checkout.name)
            return CheckoutStatus(CheckoutState.UNKNOWN,
                                  staff_message=f"checkout error: {exc.__class__.__name__}")

    def _row(self, payment_id: str) -> _Row:
        with self.payments.ledger.read() as session:
            row = session.get(PaymentRow, payment_id)
            if row is None:
                raise KeyError(payment_id)
            return _Row(row.status, row.processor_ref)

    def _attempt(self, payment_id: str) -> PhoneAttempt:
        view = self.payments.view(payment_id)
        return PhoneAttempt(payment_id, view.status, card=view.card,
                            staff_message=view.last_message)
