"""Staff accounts: Argon2 hashes, roles, lock-out, re-authentication, approvals; audited."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from kiosk.domain.staff import Role, SignInOutcome
from kiosk.ledger.counter_models import StaffUserRow
from kiosk.ledger.models import AuditRow
from kiosk.staff.accounts import AccountError, LockoutPolicy, StaffAccounts
from kiosk.staff.passwords import WeakPassword
from tests.counter.conftest import PASSWORD, Desk, fast_passwords


def actions(desk: Desk) -> list[str]:
    with desk.app.ledger.read() as session:
        return list(session.scalars(select(AuditRow.action).order_by(AuditRow.id)))


def test_only_an_argon2_hash_is_stored(desk: Desk) -> None:
    with desk.app.ledger.read() as session:
        hashes = list(session.scalars(select(StaffUserRow.password_hash)))
    assert len(hashes) == 3 and all(h.startswith("$argon2id$") for h in hashes)
    assert all(PASSWORD not in h for h in hashes)


def test_sign_in_and_out_are_audited(desk: Desk) -> None:
    accounts = desk.services.accounts
    accounts.sign_out(desk.rita)
    assert actions(desk).count("staff.signed_in") == 2
    assert "staff.signed_out" in actions(desk)
    assert desk.rita.staff.role is Role.RECEPTIONIST and not desk.rita.may(Role.SUPERVISOR)
    assert desk.sam.may(Role.RECEPTIONIST) and desk.sam.may(Role.SUPERVISOR)


def test_a_failure_never_says_which_part_was_wrong(desk: Desk) -> None:
    accounts = desk.services.accounts
    unknown = accounts.sign_in("nobody", PASSWORD)
    wrong = accounts.sign_in("rita", "not the password")
    assert unknown.outcome is wrong.outcome is SignInOutcome.BAD_CREDENTIALS
    assert unknown.session is None and wrong.session is None
    assert actions(desk).count("staff.sign_in_failed") == 2


def test_repeated_failures_lock_the_account_then_it_lifts(desk: Desk) -> None:
    now = [desk.app.ledger.clock()]
    accounts = StaffAccounts(desk.app.ledger, fast_passwords(), LockoutPolicy(3, 600),
                             clock=lambda: now[0])
    results = [accounts.sign_in("rita", "wrong password!") for _ in range(3)]
    assert [r.attempts_left for r in results[:2]] == [2, 1]
    assert results[2].outcome is SignInOutcome.LOCKED and results[2].retry_after_s == 600
    locked = accounts.sign_in("rita", PASSWORD)  # even the right password waits
    assert locked.outcome is SignInOutcome.LOCKED and locked.session is None
    from datetime import timedelta

    now[0] += timedelta(seconds=601)
    assert accounts.sign_in("rita", PASSWORD).ok
    assert "staff.locked_out" in actions(desk) and "staff.sign_in_locked" in actions(desk)


def test_disabled_accounts_cannot_sign_in(desk: Desk) -> None:
    accounts = desk.services.accounts
    assert accounts.set_active("rita", False, "test")
    assert accounts.sign_in("rita", PASSWORD).outcome is SignInOutcome.DISABLED
    assert accounts.sign_in("rita", "wrong password!").outcome is SignInOutcome.BAD_CREDENTIALS
    assert not accounts.set_active("nobody", False, "test")
    assert [m.username for m in accounts.members() if not m.active] == ["rita"]


def test_unlock_after_auto_lock_needs_the_same_person(desk: Desk) -> None:
    accounts = desk.services.accounts
    accounts.screen_locked(desk.rita)
    assert accounts.reauthenticate(desk.rita, "sam", PASSWORD).outcome \
        is SignInOutcome.WRONG_USER
    assert accounts.reauthenticate(desk.rita, "rita", "nope nope nope").outcome \
        is SignInOutcome.BAD_CREDENTIALS
    again = accounts.reauthenticate(desk.rita, "rita", PASSWORD)
    assert again.ok and again.session is not None
    assert again.session.session_id == desk.rita.session_id
    assert "staff.unlocked" in actions(desk)


def test_only_supervisors_approve_and_both_ids_are_audited(desk: Desk) -> None:
    accounts = desk.services.accounts
    refused, none = accounts.approve(desk.rita, "rita", PASSWORD, "refund", "p-1")
    assert refused.outcome is SignInOutcome.NOT_ALLOWED and none is None
    ok, approval = accounts.approve(desk.rita, "sam", PASSWORD, "refund", "p-1")
    assert ok.ok and approval is not None
    assert approval.supervisor_id == desk.sam.staff.id
    assert approval.requested_by_id == desk.rita.staff.id
    with desk.app.ledger.read() as session:
        row = session.scalars(select(AuditRow).where(AuditRow.action == "staff.approved")).one()
    assert desk.sam.staff.id in row.detail and desk.rita.staff.id in row.detail


@pytest.mark.parametrize(("username", "password", "error"), [
    ("Bad Name!", PASSWORD, AccountError),
    ("rita", PASSWORD, AccountError),  # exists already
    ("newbie", "short", WeakPassword),
])
def test_bad_accounts_are_refused(desk: Desk, username: str, password: str,
                                  error: Any) -> None:
    with pytest.raises(error):
        desk.services.accounts.add(username, "Someone", Role.RECEPTIONIST, password, "test")


def test_a_demo_counter_can_be_signed_in_to_and_a_real_one_starts_empty(
        app_factory: Any) -> None:
    from dataclasses import replace

    from kiosk.counter.services import DEMO_PASSWORD, counter_for, seed_demo_staff

    services = counter_for(app_factory(terminal_id="counter-1", channel="counter"),
                           fast_passwords())
    assert services.settings.demo
    services.settings = replace(services.settings, demo=False)  # as a production counter
    assert not seed_demo_staff(services) and services.accounts.members() == []

    services.settings = replace(services.settings, demo=True)
    assert seed_demo_staff(services)
    assert {m.username for m in services.accounts.members()} == {
        "reception", "supervisor", "admin"}
    signed = services.accounts.sign_in("supervisor", DEMO_PASSWORD)
    assert signed.ok and signed.session is not None
    assert signed.session.staff.role is Role.SUPERVISOR
    assert not seed_demo_staff(services)  # never twice, never beside accounts a clinic added
