"""Front-desk staff: roles, who is signed in, and the results a sign-in screen shows."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Role(enum.StrEnum):
    RECEPTIONIST = "receptionist"  # takes payments, reprints, works the queue
    SUPERVISOR = "supervisor"  # also approves refunds and voids, closes the day
    ADMIN = "admin"  # also manages staff accounts and imports history

    @property
    def rank(self) -> int:
        return {"receptionist": 1, "supervisor": 2, "admin": 3}[self.value]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: str
    username: str
    display_name: str
    role: Role
    active: bool
    locked_until: datetime | None = None
    last_sign_in_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StaffSession:
    """Who is working the counter now. Screens show ``display_name`` and ``role``."""

    session_id: str
    staff: StaffMember
    signed_in_at: datetime

    @property
    def actor(self) -> str:
        """How this person appears in the audit log."""
        return f"staff:{self.staff.username}"

    def may(self, role: Role) -> bool:
        return self.staff.role.at_least(role)


class SignInOutcome(enum.StrEnum):
    OK = "ok"  # signed in (or re-authenticated, or approved)
    BAD_CREDENTIALS = "bad_credentials"  # unknown user or wrong password (never says which)
    LOCKED = "locked"  # too many failures: wait ``retry_after_s``
    DISABLED = "disabled"  # the right password for an account an admin disabled
    NOT_ALLOWED = "not_allowed"  # right person, but the role cannot do this (approvals)
    WRONG_USER = "wrong_user"  # unlocking a screen someone else signed in to


@dataclass(frozen=True, slots=True)
class SignInResult:
    outcome: SignInOutcome
    session: StaffSession | None = None
    retry_after_s: int = 0
    #: Failures left before a lock-out (shown as a warning when small), 0 if unknown.
    attempts_left: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome is SignInOutcome.OK


@dataclass(frozen=True, slots=True)
class Approval:
    """A supervisor's authenticated yes to one action, recorded with both staff ids."""

    supervisor_id: str
    supervisor_username: str
    requested_by_id: str
    requested_by_username: str
    at: datetime
