"""Payments taken at the counter: card on the desk's terminal, cash, or check.

All three go through the same lifecycle and outbox as the kiosk's card
payments. The ledger row comes first: ``PaymentService.start`` commits the
payment CREATED (amount checked against what is payable) before anything
else. A card then goes through AUTHORIZING like any other. Cash and check
need no terminal, so the one commit that records the money also approves it,
queues its posting and captures it (CREATED -> APPROVED -> CAPTURED, each
step an audited event, and the tender's details in ``counter_tenders``).
The receptionist hands out change only after that commit returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from kiosk.domain.money import Money
from kiosk.domain.payment import (
    RETRYABLE,
    CardDetails,
    PaymentStatus,
    PostingKind,
)
from kiosk.domain.receipt import Receipt
from kiosk.domain.staff import StaffSession
from kiosk.flow.services import ClinicInfo
from kiosk.ledger.counter_models import CounterTenderRow
from kiosk.ledger.database import Ledger
from kiosk.payments.policy import AmountPolicy, AmountRefused
from kiosk.payments.service import PaymentRequest, PaymentService
from kiosk.ports.printer import PrintResult, ReceiptPrinter
from kiosk.ports.terminal import CardTerminal, ProgressEvent
from kiosk.receipts import render_text
from kiosk.reprint import receipt_for_payment

CHECK_NUMBER = re.compile(r"^\d{1,10}$")
METHODS = ("card", "cash", "check")


class TenderRefused(AmountRefused):
    """A tender the counter will not take (short cash, a malformed check number)."""


@dataclass(frozen=True, slots=True)
class TenderResult:
    """What the tender screen shows after a payment attempt."""

    payment_id: str
    status: PaymentStatus
    method: str
    amount: Money
    card: CardDetails = field(default_factory=CardDetails)
    tendered: Money | None = None  # cash only
    change_due: Money | None = None  # cash only; never negative
    check_number: str = ""
    staff_message: str = ""

    @property
    def approved(self) -> bool:
        return self.status in (PaymentStatus.APPROVED, PaymentStatus.CAPTURED)

    @property
    def can_retry(self) -> bool:
        return self.status in RETRYABLE


@dataclass(frozen=True, slots=True)
class TenderDetails:
    tendered: Money | None
    change_due: Money | None
    check_number: str
    staff_id: str


class CounterTenders:
    """Blocking (ledger, terminal): call from the session's job runner, never the GUI thread."""

    def __init__(self, ledger: Ledger, terminal: CardTerminal, policy: AmountPolicy,
                 printer: ReceiptPrinter, clinic: ClinicInfo) -> None:
        self.ledger = ledger
        self.terminal = terminal
        self.policy = policy
        self.printer = printer
        self.clinic = clinic

    def service(self, staff: StaffSession) -> PaymentService:
        """The payment core, acting as this member of staff (their name in the audit log)."""
        return PaymentService(self.ledger, self.terminal, self.policy, staff.actor)

    def payable(self, patient_id: str, balance: Money) -> Money:
        return PaymentService(self.ledger, self.terminal, self.policy, "counter").payable(
            patient_id, balance)

    # -- card ---------------------------------------------------------------------
    def start_card(self, staff: StaffSession, request: PaymentRequest) -> str:
        return self.service(staff).start(replace(request, method="card"))

    def authorize_card(self, staff: StaffSession, payment_id: str,
                       on_progress: Callable[[ProgressEvent], None] | None = None
                       ) -> TenderResult:
        attempt = self.service(staff).authorize(payment_id, on_progress)
        view = self.service(staff).view(payment_id)
        return TenderResult(payment_id, attempt.status, "card", view.amount, attempt.card,
                            staff_message=attempt.staff_message)

    def cancel_card(self) -> None:
        self.terminal.cancel()

    # -- cash and check -----------------------------------------------------------
    def take_cash(self, staff: StaffSession, request: PaymentRequest,
                  tendered: Money) -> TenderResult:
        if tendered.currency != request.amount.currency:
            raise TenderRefused("currency", f"Cash is counted in {request.amount.currency}.")
        if tendered < request.amount:
            raise TenderRefused("tendered_short",
                                f"Cash given ({tendered.format()}) is less than the amount "
                                f"({request.amount.format()}).")
        change = tendered - request.amount
        payment_id = self.service(staff).start(replace(request, method="cash"))
        self._settle(staff, payment_id, "cash", TenderDetails(tendered, change, "",
                                                               staff.staff.id))
        return TenderResult(payment_id, PaymentStatus.CAPTURED, "cash", request.amount,
                            tendered=tendered, change_due=change)

    def take_check(self, staff: StaffSession, request: PaymentRequest,
                   check_number: str) -> TenderResult:
        number = check_number.strip()
        if not CHECK_NUMBER.match(number):
            raise TenderRefused("check_number", "A check number is 1 to 10 digits.")
        payment_id = self.service(staff).start(replace(request, method="check"))
        self._settle(staff, payment_id, "check", TenderDetails(None, None, number,
                                                                staff.staff.id))
        return TenderResult(payment_id, PaymentStatus.CAPTURED, "check", request.amount,
                            check_number=number)

    def _settle(self, staff: StaffSession, payment_id: str, method: str,
                details: TenderDetails) -> None:
        with self.ledger.transaction() as tx:
            row = tx.payment(payment_id)
            if PaymentStatus(row.status) is not PaymentStatus.CREATED or row.method != method:
                raise ValueError(f"payment {payment_id} is not a new {method} payment")
            amount = Money(row.amount_cents, row.currency)
            tx.transition(row, PaymentStatus.APPROVED, staff.actor,
                          detail=f"{method} received at the counter")
            tx.enqueue(row.id, PostingKind.PAYMENT, row, amount)
            tx.transition(row, PaymentStatus.CAPTURED, staff.actor,
                          detail="in the drawer" if method == "cash" else "check kept")
            tx.session.add(CounterTenderRow(
                payment_id=row.id, method=method,
                tendered_cents=details.tendered.cents if details.tendered else 0,
                change_cents=details.change_due.cents if details.change_due else 0,
                check_number=details.check_number, staff_id=details.staff_id,
                created_at=tx.ledger.clock()))
            tx.audit(staff.actor, f"tender.{method}", row.id, amount_cents=amount.cents,
                     tendered_cents=details.tendered.cents if details.tendered else 0,
                     change_cents=details.change_due.cents if details.change_due else 0,
                     check_number=details.check_number)

    def abandon(self, staff: StaffSession, payment_id: str, reason: str) -> PaymentStatus:
        """Give up a payment that took no money (a no-op for one that did)."""
        service = self.service(staff)
        service.abandon(payment_id, reason)
        return service.view(payment_id).status

    # -- receipts -----------------------------------------------------------------
    def tender_details(self, payment_id: str) -> TenderDetails | None:
        with self.ledger.read() as session:
            row = session.get(CounterTenderRow, payment_id)
            if row is None:
                return None
            return TenderDetails(
                Money(row.tendered_cents, self.clinic.currency) if row.method == "cash"
                else None,
                Money(row.change_cents, self.clinic.currency) if row.method == "cash"
                else None,
                row.check_number, row.staff_id)

    def receipt(self, payment_id: str, reprint: bool = False) -> Receipt:
        """Rebuilt from the ledger alone, so a reprint says what the first print said."""
        return receipt_for_payment(self.ledger, payment_id, self.clinic.name,
                                   self.clinic.address, self.clinic.portal_url, copy=reprint,
                                   details=tender_lines(self.tender_details(payment_id)))

    def print_receipt(self, staff: StaffSession, payment_id: str,
                      reprint: bool = False) -> tuple[PrintResult, str]:
        """Print; returns the printer's result and the receipt text (for the screen)."""
        receipt = self.receipt(payment_id, reprint)
        result = self.printer.print_receipt(receipt)
        with self.ledger.transaction() as tx:
            tx.audit(staff.actor, "receipt.reprinted" if reprint else "receipt.printed",
                     payment_id, ok=result.ok)
        return result, render_text(receipt, self.clinic.timezone)


def tender_lines(details: TenderDetails | None) -> tuple[tuple[str, str], ...]:
    """The receipt rows a counter tender adds: cash given and change, or the check number."""
    if details is None:
        return ()
    lines: list[tuple[str, str]] = []
    if details.tendered is not None and details.change_due is not None:
        lines += [("Cash given", details.tendered.format()),
                  ("Change", details.change_due.format())]
    if details.check_number:
        lines.append(("Check number", details.check_number))
    return tuple(lines)
