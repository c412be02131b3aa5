"""Staff accounts: add, disable, sign in, re-authenticate, approve; all audited.

Failed sign-ins are counted on the account in the ledger, so a lock-out holds
on every counter of a shared ledger, and lifts by itself after the lock-out
time. A failure never says whether the user name or the password was wrong.
Password checks (about 50-100 ms of Argon2 each) run outside any ledger
transaction; only the short counter update runs inside one.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from kiosk.domain.staff import (
    Approval,
    Role,
    SignInOutcome,
    SignInResult,
    StaffMember,
    StaffSession,
)
from kiosk.ledger.counter_models import StaffUserRow
from kiosk.ledger.database import Ledger
from kiosk.staff.passwords import Passwords

log = logging.getLogger(__name__)

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


class AccountError(ValueError):
    """An account change that was refused (bad name, duplicate, weak password)."""


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    max_failures: int = 5
    lockout_s: int = 900


class StaffAccounts:
    """Blocking calls (Argon2 and the ledger): run them off the GUI thread."""

    def __init__(self, ledger: Ledger, passwords: Passwords | None = None,
                 policy: LockoutPolicy | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.ledger = ledger
        self.passwords = passwords or Passwords()
        self.policy = policy or LockoutPolicy()
        self._clock = clock or ledger.clock

    # -- administration ---------------------------------------------------------
    def add(self, username: str, display_name: str, role: Role, password: str,
            actor: str) -> StaffMember:
        username = username.strip().lower()
        if not USERNAME.match(username):
            raise AccountError("a user name is 2-40 lower-case letters, digits, '.', '_' or "
                               "'-', starting with a letter or digit")
        display_name = " ".join(display_name.split())
        if not 1 <= len(display_name) <= 80:
            raise AccountError("a display name needs 1 to 80 characters")
        password_hash = self.passwords.hash(password)  # raises WeakPassword
        now = self._clock()
        with self.ledger.transaction() as tx:
            if tx.session.scalar(select(StaffUserRow.id)
                                 .where(StaffUserRow.username == username)) is not None:
                raise AccountError(f"there is already a user {username!r}")
            row = StaffUserRow(id=str(uuid.uuid4()), username=username,
                               display_name=display_name, role=Role(role).value,
                               password_hash=password_hash, active=True, failed_attempts=0,
                               locked_until=None, last_sign_in_at=None, created_at=now,
                               updated_at=now)
            tx.session.add(row)
            tx.audit(actor, "staff.added", username, staff_id=row.id, role=row.role)
        return _member(row)

    def set_active(self, username: str, active: bool, actor: str) -> bool:
        """Disable (or enable again) an account; False if there is no such user."""
        with self.ledger.transaction() as tx:
            row = tx.session.scalars(select(StaffUserRow).where(
                StaffUserRow.username == username.strip().lower()).with_for_update()).first()
            if row is None:
                return False
            row.active = active
            row.failed_attempts = 0
            row.locked_until = None
            row.updated_at = self._clock()
            tx.audit(actor, "staff.enabled" if active else "staff.disabled", row.username,
                     staff_id=row.id)
        return True

    def set_password(self, username: str, password: str, actor: str) -> bool:
        password_hash = self.passwords.hash(password)
        with self.ledger.transaction() as tx:
            row = tx.session.scalars(select(StaffUserRow).where(
                StaffUserRow.username == username.strip().lower()).with_for_update()).first()
            if row is None:
                return False
            row.password_hash = password_hash
            row.failed_attempts = 0
            row.locked_until = None
            row.updated_at = self._clock()
            tx.audit(actor, "staff.password_set", row.username, staff_id=row.id)
        return True

    def members(self) -> list[StaffMember]:
        with self.ledger.read() as session:
            rows = session.scalars(select(StaffUserRow).order_by(StaffUserRow.username)).all()
            return [_member(row) for row in rows]

    def get(self, staff_id: str) -> StaffMember | None:
        with self.ledger.read() as session:
            row = session.get(StaffUserRow, staff_id)
            return _member(row) if row is not None else None

    # -- signing in -------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> SignInResult:
        result, member = self._check(username, password, "sign_in")
        if member is None:
            return result
        now = self._clock()
        session = StaffSession(str(uuid.uuid4()), member, now)
        with self.ledger.transaction() as tx:
            tx.audit(session.actor, "staff.signed_in", member.username, staff_id=member.id,
                     session=session.session_id)
        return SignInResult(SignInOutcome.OK, session)

    def sign_out(self, session: StaffSession, reason: str = "signed_out") -> None:
        """``reason``: signed_out | auto_lock_expired | shift_end (a code, not free text)."""
        with self.ledger.transaction() as tx:
            tx.audit(session.actor, "staff.signed_out", session.staff.username,
                     staff_id=session.staff.id, session=session.session_id, reason=reason[:24])

    def screen_locked(self, session: StaffSession) -> None:
        """The counter locked itself after inactivity (the UI's timer): audited."""
        with self.ledger.transaction() as tx:
            tx.audit(session.actor, "staff.screen_locked", session.staff.username,
                     session=session.session_id)

    def reauthenticate(self, session: StaffSession, username: str,
                       password: str) -> SignInResult:
        """Unlock a locked counter: only the person who signed in may; failures count."""
        if username.strip().lower() != session.staff.username:
            return SignInResult(SignInOutcome.WRONG_USER)
        result, member = self._check(username, password, "unlock")
        if member is None:
            return result
        with self.ledger.transaction() as tx:
            tx.audit(session.actor, "staff.unlocked", member.username,
                     session=session.session_id)
        return SignInResult(SignInOutcome.OK, StaffSession(session.session_id, member,
                                                           session.signed_in_at))

    def approve(self, requested_by: StaffSession, username: str, password: str,
                action: str, subject: str) -> tuple[SignInResult, Approval | None]:
        """A supervisor (or admin) authenticates to approve ``action`` on ``subject``.

        The approval is audited here with both staff ids; the caller records
        it again with the action it allowed (the refund row keeps both ids).
        """
        result, member = self._check(username, password, "approve")
        if member is None:
            return result, None
        if not member.role.at_least(Role.SUPERVISOR):
            with self.ledger.transaction() as tx:
                tx.audit(f"staff:{member.username}", "staff.approval_refused", subject,
                         for_action=action, requested_by=requested_by.staff.id,
                         approver=member.id, role=member.role.value)
            return SignInResult(SignInOutcome.NOT_ALLOWED), None
        approval = Approval(member.id, member.username, requested_by.staff.id,
                            requested_by.staff.username, self._clock())
        with self.ledger.transaction() as tx:
            tx.audit(f"staff:{member.username}", "staff.approved", subject, for_action=action,
                     approved_by=member.id, requested_by=requested_by.staff.id)
        return SignInResult(SignInOutcome.OK), approval

    # -- the one password check -------------------------------------------------
    def _check(self, username: str, password: str,
               purpose: str) -> tuple[SignInResult, StaffMember | None]:
        name = username.strip().lower()
        with self.ledger.read() as session:
            row = session.scalars(select(StaffUserRow)
                                  .where(StaffUserRow.username == name)).first()
            stored = row.password_hash if row is not None else None
        now = self._clock()
        if row is not None and row.locked_until is not None and row.locked_until > now:
            with self.ledger.transaction() as tx:
                tx.audit(f"staff:{row.username}", "staff.sign_in_locked", row.username,
                         purpose=purpose)
            return SignInResult(SignInOutcome.LOCKED,
                                retry_after_s=_seconds(row.locked_until - now)), None
        matches = self.passwords.verify(stored, password)  # same time for unknown users
        if row is None:
            with self.ledger.transaction() as tx:
                tx.audit("staff:unknown", "staff.sign_in_failed", "", purpose=purpose,
                         known_user=False)
            return SignInResult(SignInOutcome.BAD_CREDENTIALS), None
        if not matches:
            return self._failed(row.id, purpose), None
        with self.ledger.transaction() as tx:
            fresh = tx.session.get(StaffUserRow, row.id, with_for_update=True)
            assert fresh is not None
            if not fresh.active:
                tx.audit(f"staff:{fresh.username}", "staff.sign_in_refused", fresh.username,
                         purpose=purpose, reason="disabled")
                return SignInResult(SignInOutcome.DISABLED), None
            fresh.failed_attempts = 0
            fresh.locked_until = None
            if purpose == "sign_in":
                fresh.last_sign_in_at = now
            if self.passwords.needs_rehash(fresh.password_hash):
                fresh.password_hash = self.passwords.hash(password)
            fresh.updated_at = now
            member = _member(fresh)
        return SignInResult(SignInOutcome.OK), member

    def _failed(self, staff_id: str, purpose: str) -> SignInResult:
        now = self._clock()
        with self.ledger.transaction() as tx:
            row = tx.session.get(StaffUserRow, staff_id, with_for_update=True)
            assert row is not None
            row.failed_attempts += 1
            row.updated_at = now
            tx.audit(f"staff:{row.username}", "staff.sign_in_failed", row.username,
                     purpose=purpose, known_user=True, failures=row.failed_attempts)
            if row.failed_attempts >= self.policy.max_failures:
                row.failed_attempts = 0
                row.locked_until = now + timedelta(seconds=self.policy.lockout_s)
                tx.audit(f"staff:{row.username}", "staff.locked_out", row.username,
                         seconds=self.policy.lockout_s)
                return SignInResult(SignInOutcome.LOCKED, retry_after_s=self.policy.lockout_s)
            left = self.policy.max_failures - row.failed_attempts
        return SignInResult(SignInOutcome.BAD_CREDENTIALS, attempts_left=left)


def _member(row: StaffUserRow) -> StaffMember:
    return StaffMember(row.id, row.username, row.display_name, Role(row.role), row.active,
                       row.locked_until, row.last_sign_in_at)


def _seconds(delta: timedelta) -> int:
    return max(1, int(delta.total_seconds() + 0.999))
