"""The hosted-checkout port: "pay on your phone".

The kiosk shows a QR code; the patient opens a processor-hosted payment page
on their own phone (their own network) and pays by card or bank account.
The kiosk never sees the card or account: it only creates the page, asks how
it went, and closes it when the patient gives up or walks away.

Every call is keyed by our payment id (and the attempt number, since an
expired page cannot be reopened and a retry gets a new page), blocks its
caller (run it on a worker) and returns a result instead of raising.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from kiosk.domain.money import Money
from kiosk.domain.payment import CardDetails
from kiosk.ports.health import Health


@dataclass(frozen=True, slots=True)
class CheckoutLink:
    """A payment page the patient can open: show ``url`` as a QR code until ``expires_at``."""

    url: str
    processor_ref: str  # the processor's id for this page (a Checkout Session id)
    expires_at: datetime  # aware UTC; the processor refuses payment after this


@dataclass(frozen=True, slots=True)
class CheckoutOpened:
    """What ``create`` achieved. ``link`` is None when no page could be made."""

    link: CheckoutLink | None
    staff_message: str = ""  # why not, when link is None; never card data


class CheckoutState(enum.StrEnum):
    OPEN = "open"  # the page is up; the patient has not paid (yet)
    PAID = "paid"  # money taken (card, or a bank payment that has settled)
    PROCESSING = "processing"  # a bank payment was submitted and settles in a few days
    EXPIRED = "expired"  # the page closed unpaid: nothing taken
    FAILED = "failed"  # a bank payment that was processing failed: nothing taken
    UNKNOWN = "unknown"  # we could not ask (processor unreachable); ask again later
    NOT_FOUND = "not_found"  # no page was ever made for this payment


@dataclass(frozen=True, slots=True)
class CheckoutStatus:
    state: CheckoutState
    processor_ref: str = ""  # the page's id (for the ledger)
    payment_ref: str = ""  # the processor's id for the money itself, once paid
    card: CardDetails = field(default_factory=CardDetails)  # brand/bank and last four
    staff_message: str = ""


class HostedCheckout(Protocol):
    name: str

    def create(self, payment_id: str, attempt: int, amount: Money, description: str,
               expires_in_s: int) -> CheckoutOpened:
        """Make the page for this attempt of this payment; idempotent on (id, attempt)."""
        ...

    def status(self, payment_id: str, processor_ref: str = "") -> CheckoutStatus:
        """How did it go? Never takes money. Finds the page by our id if no ref is known."""
        ...

    def expire(self, payment_id: str, processor_ref: str = "") -> CheckoutStatus:
        """Close every open page of this payment so nobody can pay it any more.

        Returns the final truth: a patient who paid a moment before is PAID.
        """
        ...

    def probe(self) -> Health:
        """Can pages be made right now? No side effects."""
        ...

    def close(self) -> None: ...
