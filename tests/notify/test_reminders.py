"""Balance reminders: quiet hours, cadence, opt-ins from the kiosk and the PMS, dry runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kiosk.app import App
from kiosk.cli.notify import planner
from kiosk.domain.notice import NoticeKind, NoticeStatus
from kiosk.notify.quiet import QuietHours
from tests.helpers import find, request

CHICAGO = "America/Chicago"
#: Friday 2026-11-27, 12:00 in Chicago (CST, UTC-6): well outside quiet hours.
NOON = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(("utc", "quiet", "until"), [
    (datetime(2026, 11, 28, 3, 0, tzinfo=UTC), True, datetime(2026, 11, 28, 15, 0, tzinfo=UTC)),
    (datetime(2026, 11, 27, 14, 0, tzinfo=UTC), True, datetime(2026, 11, 27, 15, 0, tzinfo=UTC)),
    (datetime(2026, 11, 27, 15, 0, tzinfo=UTC), False, None),
    (datetime(2026, 11, 28, 1, 59, tzinfo=UTC), False, None),
    (datetime(2026, 11, 28, 2, 0, tzinfo=UTC), True, datetime(2026, 11, 28, 15, 0, tzinfo=UTC)),
    # spring forward (2026-03-08): quiet from 20:00 CST ends at 09:00 CDT = 14:00 UTC
    (datetime(2026, 3, 8, 3, 0, tzinfo=UTC), True, datetime(2026, 3, 8, 14, 0, tzinfo=UTC)),
])
def test_quiet_hours_in_the_clinic_time_zone(utc: datetime, quiet: bool,
                                             until: datetime | None) -> None:
    hours = QuietHours.from_config("20:00", "09:00", CHICAGO)
    assert hours.contains(utc) is quiet
    assert hours.ends_after(utc) == (until or utc)


def test_quiet_hours_within_a_day_and_none_at_all() -> None:
    lunch = QuietHours.from_config("12:00", "13:00", CHICAGO)
    assert lunch.contains(NOON) and not lunch.contains(NOON + timedelta(hours=1))
    assert not QuietHours.from_config("00:00", "00:00", CHICAGO).contains(NOON)


@pytest.fixture
def reminder_app(app_factory: Any) -> App:
    app: App = app_factory(notify={
        "email": {"kind": "simulated"}, "sms": {"kind": "simulated"},
        "reminders": {"enabled": True, "cadence_days": 14, "min_balance_cents": 500},
        "backoff_initial_ms": 1, "backoff_max_ms": 5})
    app.ledger.clock = lambda: NOON
    return app


def _sms(app: App) -> list[tuple[str, str, str, str]]:
    delivered: list[tuple[str, str, str, str]] = \
        app.notice_worker.notifiers["sms"].delivered()  # type: ignore[union-attr]
    return delivered


def test_an_opted_in_patient_with_a_balance_gets_one_reminder(reminder_app: App) -> None:
    app = reminder_app
    assert app.notices is not None and app.notice_worker is not None
    patient = find(app, "accents")
    statement = app.pms.statement(patient.id)
    app.notices.record_optin(patient.id, "sms", "3125550190")
    plan = planner(app).run(dry_run=False, now=NOON)
    assert [(d.patient_id, d.balance, d.source) for d in plan.due] == [
        (patient.id, statement.total_due, "kiosk")]
    assert len(plan.queued) == 1
    assert app.notice_worker.drain_once().sent == 1
    (_id, masked, _subject, body), = _sms(app)
    assert masked == "***-***-0190"
    assert body == (f"Balance due: {statement.total_due.format()}. "
                    f"Ref {statement.statement_code}. Reply STOP to opt out.")
    view = app.notices.view(plan.queued[0])
    assert (view.kind, view.status, view.amount) == (NoticeKind.REMINDER, NoticeStatus.SENT,
                                                     statement.total_due)
    # the cadence: nothing again within 14 days, and again after
    again = planner(app).run(dry_run=False, now=NOON + timedelta(days=3))
    assert again.due == [] and again.skipped == {"sent_recently": 1}
    app.ledger.clock = lambda: NOON + timedelta(days=15)
    later = planner(app).run(dry_run=False, now=NOON + timedelta(days=15))
    assert len(later.queued) == 1


def test_no_balance_no_reminder_and_payments_in_flight_count(reminder_app: App) -> None:
    app = reminder_app
    assert app.notices is not None
    for key in ("zero", "credit"):
        app.notices.record_optin(find(app, key).id, "email", f"{key}@example.org")
    patient = find(app, "hyphen")
    balance = app.pms.statement(patient.id).total_due
    app.notices.record_optin(patient.id, "email", "hyphen@example.org")
    payment_id = app.payments.start(request(app, patient, balance.cents - 100))
    assert app.payments.authorize(payment_id).approved  # paid, not yet posted to the PMS
    plan = planner(app).plan(NOON)
    assert plan.due == []
    assert plan.skipped == {"below_minimum": 3}


def test_quiet_hours_hold_everything_back(reminder_app: App) -> None:
    app = reminder_app
    assert app.notices is not None
    app.notices.record_optin(find(app, "accents").id, "sms", "3125550190")
    night = datetime(2026, 11, 28, 4, 0, tzinfo=UTC)  # 22:00 in Chicago
    plan = planner(app).run(dry_run=False, now=night)
    assert len(plan.due) == 1 and plan.queued == []
    assert plan.quiet_until == datetime(2026, 11, 28, 15, 0, tzinfo=UTC)


def test_a_queued_reminder_waits_out_quiet_hours_in_the_worker(reminder_app: App) -> None:
    app = reminder_app
    assert app.notices is not None and app.notice_worker is not None
    patient = find(app, "accents")
    app.notices.record_optin(patient.id, "sms", "3125550190")
    plan = planner(app).run(dry_run=False, now=NOON)
    night = datetime(2026, 11, 28, 4, 0, tzinfo=UTC)  # the server was down until now
    app.ledger.clock = lambda: night
    report = app.notice_worker.drain_once()
    assert (report.sent, report.deferred) == (0, 1)
    assert app.notices.view(plan.queued[0]).next_attempt_at == datetime(2026, 11, 28, 15, 0,
                                                                        tzinfo=UTC)
    app.ledger.clock = lambda: datetime(2026, 11, 28, 15, 1, tzinfo=UTC)
    assert app.notice_worker.drain_once().sent == 1


def test_opt_ins_from_the_pms_are_used(reminder_app: App) -> None:
    app = reminder_app
    patient = find(app, "two_part")
    app.pms.contacts.add_optin(patient.id, "email", "ana@example.org",  # type: ignore
                               "2026-10-01T12:00:00+00:00")
    plan = planner(app).plan(NOON)
    assert [(d.patient_id, d.channel.value, d.masked_to, d.source) for d in plan.due] == [
        (patient.id, "email", "a***@e***.org", "pms")]


def test_a_pms_that_is_down_stops_the_run(reminder_app: App) -> None:
    app = reminder_app
    assert app.notices is not None
    app.notices.record_optin(find(app, "accents").id, "sms", "3125550190")
    app.pms.faults.set("down")  # type: ignore[attr-defined]
    plan = planner(app).run(dry_run=False, now=NOON)
    assert plan.queued == [] and plan.errors and "unavailable" in plan.errors[-1]
