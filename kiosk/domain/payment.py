"""The payment lifecycle and the posting lifecycle, as enums with their rules.

ARCHITECTURE.md draws the same diagram; :data:`TRANSITIONS` is the executable
form every status change in the ledger is checked against.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.money import Money


class PaymentStatus(enum.StrEnum):
    CREATED = "created"  # intent recorded durably; no terminal or processor touched yet
    AUTHORIZING = "authorizing"  # handed to the terminal; outcome not yet known to us
    APPROVED = "approved"  # the terminal approved it; posting queued in the same commit
    CAPTURED = "captured"  # funds captured at the processor (final for a sale)
    DECLINED = "declined"  # card declined; the patient may try again within this payment
    CANCELED = "canceled"  # patient or timeout canceled at the terminal; may try again
    PENDING = "pending"  # accepted but settling later (bank payment still processing)
    ABANDONED = "abandoned"  # patient left or gave up; nothing was charged
    UNKNOWN = "unknown"  # crash, timeout or unplugged mid-sale; resolved only by a query
    REFUNDED = "refunded"  # fully refunded at the counter (supervisor approved)
    PARTLY_REFUNDED = "partly_refunded"  # part of it refunded; the rest stands
    VOIDED = "voided"  # reversed before settlement, or a capture that finally failed


class PaymentKind(enum.StrEnum):
    BALANCE = "balance"  # toward the statement balance; bounded by what is payable
    COPAY = "copay"  # toward today's visit, where the clinic allows it
    PREPAYMENT = "prepayment"  # toward a future visit, where the clinic allows it


class PostingKind(enum.StrEnum):
    PAYMENT = "payment"  # tell the PMS about money received
    REVERSAL = "reversal"  # tell the PMS a refund or void took (some of) it back


class PostingStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for the sync worker (also after transient failures)
    POSTED = "posted"  # the PMS acknowledged it; never sent again
    ATTENTION = "attention"  # the PMS rejected it; set aside with the reason for staff
    RESOLVED = "resolved"  # staff settled it outside the sync (with a note); never sent again


S = PaymentStatus

#: Every allowed status change. Anything else is a bug and is refused by the ledger.
TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    # CREATED -> APPROVED: a counter tender that needs no terminal (cash, check) is approved
    # by the receptionist who holds it; card payments always pass through AUTHORIZING.
    S.CREATED: frozenset({S.AUTHORIZING, S.ABANDONED, S.APPROVED}),
    S.AUTHORIZING: frozenset(
        {S.APPROVED, S.DECLINED, S.CANCELED, S.PENDING, S.UNKNOWN, S.ABANDONED}
    ),
    S.DECLINED: frozenset({S.AUTHORIZING, S.ABANDONED}),
    S.CANCELED: frozenset({S.AUTHORIZING, S.ABANDONED}),
    S.UNKNOWN: frozenset({S.APPROVED, S.DECLINED, S.CANCELED, S.ABANDONED, S.PENDING}),
    S.PENDING: frozenset({S.APPROVED, S.CAPTURED, S.DECLINED, S.ABANDONED}),
    S.APPROVED: frozenset({S.CAPTURED, S.VOIDED}),
    S.CAPTURED: frozenset({S.REFUNDED, S.PARTLY_REFUNDED, S.VOIDED}),
    S.PARTLY_REFUNDED: frozenset({S.REFUNDED, S.PARTLY_REFUNDED}),
    S.REFUNDED: frozenset(),
    S.VOIDED: frozenset(),
    S.ABANDONED: frozenset(),
}

#: Statuses in which the patient can try the terminal again within the same payment.
RETRYABLE = frozenset({S.CREATED, S.DECLINED, S.CANCELED})
#: Statuses whose outcome the terminal must be asked about; never charge again.
IN_DOUBT = frozenset({S.AUTHORIZING, S.UNKNOWN})
#: Statuses in which money was (or may have been) taken, so it counts against the balance.
HOLDS_FUNDS = frozenset({S.AUTHORIZING, S.UNKNOWN, S.PENDING, S.APPROVED, S.CAPTURED})
#: Posting statuses after which the PMS side is settled (posted, or settled by staff).
POSTING_SETTLED = frozenset({PostingStatus.POSTED, PostingStatus.RESOLVED})
#: Payment methods that never touch a terminal; only they may go CREATED -> APPROVED.
TERMINAL_FREE_METHODS = frozenset({"cash", "check"})
#: Statuses in which money was taken for certain.
CHARGED = frozenset({S.APPROVED, S.CAPTURED, S.PARTLY_REFUNDED, S.REFUNDED, S.VOIDED})


class TransitionError(RuntimeError):
    """A status change the lifecycle does not allow (a bug, never patient input)."""


def check_transition(current: PaymentStatus, new: PaymentStatus, method: str = "card") -> None:
    if new not in TRANSITIONS[current]:
        raise TransitionError(f"payment may not go from {current.value} to {new.value}")
    if current is S.CREATED and new is S.APPROVED and method not in TERMINAL_FREE_METHODS:
        raise TransitionError(f"a {method} payment is approved only by its terminal")


@dataclass(frozen=True, slots=True)
class CardDetails:
    """What we may keep about a card: never the number, only what a receipt shows."""

    brand: str = ""
    last4: str = ""
    auth_code: str = ""

    def __post_init__(self) -> None:
        if self.last4 and (len(self.last4) != 4 or not self.last4.isdigit()):
            raise ValueError("last4 must be exactly four digits")


@dataclass(frozen=True, slots=True)
class PaymentView:
    """A read-only snapshot of one ledger payment, for screens, receipts and the CLI."""

    id: str
    status: PaymentStatus
    kind: PaymentKind
    amount: Money
    refunded: Money
    patient_id: str
    display_name: str
    terminal_id: str
    channel: str
    method: str
    card: CardDetails
    processor_ref: str
    attempts: int
    created_at: datetime
    updated_at: datetime
    session_ref: str
    posting_status: PostingStatus | None
    last_message: str
