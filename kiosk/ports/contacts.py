"""Optional PMS capabilities for notices: opt-ins the PMS holds, and contacts handed to it.

A PMS adapter that can do these implements the protocol; the core asks with
``isinstance`` and does without when it cannot. Both raise the PMS port's
errors (:mod:`kiosk.ports.pms`): ``PmsUnavailable`` to try later,
``PmsRejected`` for good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class PmsOptIn:
    """A patient's consent, recorded in the PMS, to balance reminders on one channel."""

    patient_id: str
    channel: str  # email | sms
    address: str
    given_at: datetime

    def __repr__(self) -> str:
        return f"PmsOptIn(patient_id={self.patient_id!r}, channel={self.channel!r}, <redacted>)"


@runtime_checkable
class ReminderOptIns(Protocol):
    def reminder_optins(self) -> list[PmsOptIn]:
        """Every current opt-in to reminders the PMS holds."""
        ...


@runtime_checkable
class ContactStore(Protocol):
    def store_contact(self, patient_id: str, channel: str, address: str, key: str) -> None:
        """Record the patient's email address or mobile number; idempotent on ``key``."""
        ...
