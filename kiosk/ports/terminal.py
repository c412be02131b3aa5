"""The card terminal port.

A terminal sees the card; we never do. Results carry only what a receipt may
show (brand, last four, authorisation code) and the processor's reference.
Calls block their caller (run them on the terminal's own worker, never the GUI
thread) and return results instead of raising vendor exceptions; anything the
adapter cannot classify is reported as ``UNKNOWN`` so the core asks again
with :meth:`CardTerminal.query` instead of charging again.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from kiosk.domain.money import Money
from kiosk.domain.payment import CardDetails
from kiosk.ports.health import Health


class SaleOutcome(enum.StrEnum):
    APPROVED = "approved"  # authorised; capture follows
    DECLINED = "declined"  # the issuer or terminal said no; nothing taken
    CANCELED = "canceled"  # canceled by the patient, the kiosk or a timeout; nothing taken
    PENDING = "pending"  # accepted but settling later (bank transfers)
    UNKNOWN = "unknown"  # we could not learn the outcome; ask again with query()
    NOT_FOUND = "not_found"  # query only: the terminal never saw this payment


class ProgressKind(enum.StrEnum):
    PRESENT_CARD = "present_card"  # insert, tap or swipe
    PROCESSING = "processing"  # talking to the bank
    REMOVE_CARD = "remove_card"  # take the card back
    MESSAGE = "message"  # any other terminal prompt, passed on as text
    REFERENCE = "reference"  # the terminal assigned its own reference (store it now)


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    kind: ProgressKind
    text: str = ""
    processor_ref: str = ""  # set with REFERENCE: must be stored against our id at once


ProgressCallback = Callable[[ProgressEvent], None]


@dataclass(frozen=True, slots=True)
class SaleResult:
    outcome: SaleOutcome
    card: CardDetails = field(default_factory=CardDetails)
    processor_ref: str = ""
    staff_message: str = ""  # precise and actionable; never card data
    decline_code: str = ""


class CaptureOutcome(enum.StrEnum):
    CAPTURED = "captured"
    FAILED = "failed"  # definitively not captured (e.g. the authorisation expired)
    UNKNOWN = "unknown"  # try again later with the same key


@dataclass(frozen=True, slots=True)
class CaptureResult:
    outcome: CaptureOutcome
    staff_message: str = ""


class RefundOutcome(enum.StrEnum):
    REFUNDED = "refunded"
    FAILED = "failed"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class RefundResult:
    outcome: RefundOutcome
    refund_ref: str = ""
    staff_message: str = ""


@dataclass(frozen=True, slots=True)
class TerminalTotals:
    """What the terminal or processor says it took today (for end-of-day)."""

    count: int
    amount: Money
    detail: str = ""


class CardTerminal(Protocol):
    name: str
    #: Whether this processor can host a payment page for the patient's phone.
    supports_pay_on_phone: bool

    def sale(self, payment_id: str, amount: Money, on_progress: ProgressCallback) -> SaleResult:
        """Run one authorisation for our payment id; may be called again after a decline."""
        ...

    def cancel(self) -> None:
        """Ask the terminal to stop the sale in progress; the sale call reports the end."""
        ...

    def query(self, payment_id: str, processor_ref: str = "") -> SaleResult:
        """What happened to this payment? Never charges. NOT_FOUND if never seen."""
        ...

    def capture(self, payment_id: str, amount: Money, processor_ref: str = "") -> CaptureResult:
        """Capture an approved authorisation; idempotent per payment."""
        ...

    def refund(
        self, payment_id: str, amount: Money, refund_id: str, processor_ref: str = ""
    ) -> RefundResult:
        """Return money; idempotent on ``refund_id``."""
        ...

    def end_of_day(self) -> TerminalTotals: ...

    def probe(self) -> Health:
        """Is it there and ready? No side effects: never a test transaction."""
        ...

    def close(self) -> None: ...
