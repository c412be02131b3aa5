"""Notices to patients (receipts, balance reminders) and their lifecycle.

```
QUEUED ──server accepted──► SENT          (address erased; never sent again)
  │  ▲
  │  └── transient failure: retried with backoff (staff see the last error)
  ├──► ATTENTION  (refused for good, or not accepted in time: staff retry or cancel)
  └──► CANCELED   (staff canceled it; address erased)
```
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.money import Money


class Channel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"


class NoticeKind(enum.StrEnum):
    RECEIPT = "receipt"  # proof of one payment, asked for at the kiosk or counter
    REMINDER = "reminder"  # "you have a balance", to a patient who opted in
    IT_ALERT = "it_alert"  # to the clinic's IT: this kiosk is out of service (kiosk.health)


class NoticeStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for the notice worker (also after transient failures)
    SENT = "sent"  # the server accepted it; never sent again
    ATTENTION = "attention"  # refused, or not accepted in time; set aside for staff
    CANCELED = "canceled"  # staff canceled it; the address was erased


@dataclass(frozen=True, slots=True)
class NoticeView:
    """One notice as the screens and the CLI show it: the address only masked."""

    id: str
    kind: NoticeKind
    channel: Channel
    status: NoticeStatus
    payment_id: str | None
    patient_id: str
    amount: Money
    masked_to: str  # "j***@e***.org", "(***) ***-0134"; "" once erased
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None


@dataclass(frozen=True, slots=True)
class OptInView:
    patient_id: str
    channel: Channel
    masked_to: str
    source: str  # kiosk | counter | pms
    given_at: datetime
