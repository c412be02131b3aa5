"""What the PMS is told about money we took or gave back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.money import Money
from kiosk.domain.payment import PostingKind


@dataclass(frozen=True, slots=True)
class Posting:
    #: The idempotency key the PMS de-duplicates on: our payment id for a payment,
    #: our refund id for a reversal. Resending the same posting never adds a record.
    id: str
    kind: PostingKind
    payment_id: str
    patient_id: str
    amount: Money  # always positive; a reversal takes this much back
    method: str  # card | cash | check | phone
    occurred_at: datetime
    terminal_id: str
    channel: str
    card_brand: str = ""
    card_last4: str = ""
    auth_code: str = ""
    processor_ref: str = ""
    #: Statement lines (or invoices) the patient chose to pay; empty = oldest first.
    applied_to: tuple[str, ...] = ()
