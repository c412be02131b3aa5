"""Identification: exactly one match or nothing; a cool-down for guessing; audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text

from kiosk.app import App
from kiosk.domain.patient import PatientQuery
from kiosk.lookup.service import LookupOutcome
from tests.helpers import SHOW


def actions(app: App) -> list[str]:
    with app.ledger.read() as session:
        return list(session.scalars(text("SELECT action FROM audit_log ORDER BY seq")))


def test_one_match(app: App) -> None:
    who = SHOW["apostrophe"]
    result = app.lookup.find(PatientQuery("obrien", who.birthdate))
    assert result.outcome is LookupOutcome.MATCH and result.patient is not None
    assert result.patient.display_name == "Siobhán O."


def test_twins_need_one_more_answer_then_match(app: App) -> None:
    twin = SHOW["twin_b"]
    first = app.lookup.find(PatientQuery("Garcia", twin.birthdate))
    assert first.outcome is LookupOutcome.NEED_MORE and first.ask_for == "postal_code"
    assert first.patient is None
    second = app.lookup.find(PatientQuery("Garcia", twin.birthdate, postal_code="60614"))
    assert second.outcome is LookupOutcome.MATCH and second.patient is not None
    assert second.patient.postal_code == "60614"


def test_no_match_is_not_revealing_and_audited(app: App) -> None:
    wrong_day = app.lookup.find(PatientQuery("Nunez", date(1972, 7, 5)))
    no_name = app.lookup.find(PatientQuery("Zzyzx", SHOW["accents"].birthdate))
    assert wrong_day == no_name  # same answer whatever was wrong
    assert wrong_day.outcome is LookupOutcome.NO_MATCH
    assert actions(app).count("lookup.no_match") == 2


def test_repeated_failures_cool_down_and_are_audited(app_factory: Any) -> None:
    app = app_factory(lookup={"max_failures": 3, "window_s": 60, "cooldown_s": 90})
    for _ in range(2):
        assert app.lookup.find(PatientQuery("Nobody", date(2000, 1, 1))).outcome \
            is LookupOutcome.NO_MATCH
    third = app.lookup.find(PatientQuery("Nobody", date(2000, 1, 1)))
    assert third.outcome is LookupOutcome.COOLING_DOWN and third.retry_after_s == 90
    # even the right details wait out the cool-down
    real = app.lookup.find(PatientQuery("Nunez", SHOW["accents"].birthdate))
    assert real.outcome is LookupOutcome.COOLING_DOWN and real.patient is None
    assert "lookup.cooldown" in actions(app)


def test_statement_code_still_needs_the_birth_date(app: App) -> None:
    who = SHOW["accents"]
    patient = app.lookup.find(PatientQuery("Nunez", who.birthdate)).patient
    assert patient is not None
    code = app.pms.statement(patient.id).statement_code
    assert app.lookup.find_by_statement_code(code, date(1999, 1, 1)).outcome \
        is LookupOutcome.NO_MATCH
    assert app.lookup.find_by_statement_code(code, who.birthdate).patient == patient


def test_pms_down_is_unavailable_not_no_match(app: App) -> None:
    app.pms.faults.set("down")  # type: ignore[attr-defined]
    result = app.lookup.find(PatientQuery("Nunez", SHOW["accents"].birthdate))
    assert result.outcome is LookupOutcome.UNAVAILABLE and "unreachable" in result.staff_detail
    assert "lookup.no_match" not in actions(app)  # an outage is not a guess
