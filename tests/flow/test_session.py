"""The patient flow, headless: the same state machine the Qt screens render."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from kiosk.app import App
from kiosk.domain.patient import PatientQuery
from kiosk.domain.payment import PaymentStatus
from kiosk.flow.jobs import InlineJobRunner, ThreadJobRunner
from kiosk.flow.services import flow_for
from kiosk.flow.session import KioskSession
from kiosk.flow.view import Screen
from tests.flow.driver import Clock, Patient


def session_for(app: App, clock: Clock | None = None, runner: Any = None,
                **settings: Any) -> KioskSession:
    services, flow_settings = flow_for(app)
    session = KioskSession(services, replace(flow_settings, **settings),
                           runner or InlineJobRunner(), clock=clock or Clock())
    session.ready()
    return session


def test_happy_path_to_a_printed_receipt(app: App) -> None:
    session = session_for(app)
    patient = Patient(session).identifies("Nunez", "07041972")
    state = session.state
    assert state.screen is Screen.STATEMENT
    assert state.statement is not None and state.statement.display_name == "José N."
    assert not state.amounts_visible  # hidden until the patient taps
    session.show_amounts()
    assert session.state.amounts_visible
    payable = state.statement.payable
    patient.pays_everything_by_card()
    assert session.state.screen is Screen.RESULT
    result = session.state.result
    assert result is not None and result.approved and result.amount == payable
    session.to_receipt()
    session.print_receipt()
    assert session.state.print_ok is True
    assert "PAYMENT RECEIPT" in session.state.receipt_preview
    assert payable.format() in session.state.receipt_preview
    session.no_receipt()
    assert session.state.screen is Screen.THANK_YOU
    assert app.payments.view(result.reference).status is PaymentStatus.CAPTURED


def test_ambiguous_match_asks_one_more_question(app: App) -> None:
    session = session_for(app)
    Patient(session).identifies("Garcia", "03141985")
    assert session.state.screen is Screen.MORE and session.state.ask_for == "postal_code"
    assert session.state.statement is None
    Patient(session).answers("60614")
    assert session.state.screen is Screen.STATEMENT
    assert session.state.statement is not None
    assert session.state.statement.display_name == "María G."


def test_no_match_is_kind_and_reveals_nothing(app: App) -> None:
    session = session_for(app)
    Patient(session).identifies("Nunez", "07051972")
    assert session.state.screen is Screen.NOT_FOUND
    assert session.state.message == "no_match"
    assert session.state.statement is None
    session.back()
    assert session.state.screen is Screen.NAME


def test_decline_then_try_again_succeeds(app_factory: Any) -> None:
    app = app_factory(terminal={"simulated": {"script": ["decline", "approve"]}})
    session = session_for(app)
    Patient(session).identifies("Nunez", "07041972").pays_everything_by_card()
    result = session.state.result
    assert result is not None and not result.approved and result.outcome == "declined"
    assert result.can_retry
    session.try_again()
    result = session.state.result
    assert result is not None and result.approved
    assert app.terminal.state.charge_counts() == {result.reference: 1}


def test_amounts_are_bounded_by_what_is_payable(app: App) -> None:
    session = session_for(app)
    patient = Patient(session).identifies("Nunez", "07041972")
    statement = session.state.statement
    assert statement is not None
    too_much = str(statement.payable.cents + 1)
    patient.pays_other_amount(too_much)
    assert session.state.screen is Screen.OTHER_AMOUNT
    assert session.state.message == "amount_above_payable"
    for _ in too_much:
        session.erase_amount_digit()
    for digit in "0000":  # leading zeros are not typed
        session.type_amount_digit(digit)
    assert session.state.other_amount == ""
    for digit in "1500":
        session.type_amount_digit(digit)
    session.submit_other_amount()
    assert session.state.screen is Screen.METHOD
    assert session.state.amount is not None and session.state.amount.cents == 1500


def test_zero_balance_offers_nothing_to_pay(app_factory: Any) -> None:
    app = app_factory(clinic={"allow_copay": False})
    session = session_for(app)
    Patient(session).identifies("Chen", "02201955")
    assert session.state.screen is Screen.STATEMENT
    session.pay()
    assert session.state.message == "nothing_to_pay"
    assert session.state.screen is Screen.STATEMENT


def test_copay_toward_todays_visit(app: App) -> None:
    session = session_for(app)
    Patient(session).identifies("Chen", "02201955")
    session.pay()
    session.choose_copay()
    for digit in "2500":
        session.type_amount_digit(digit)
    session.submit_other_amount()
    session.choose_method("card")
    assert session.state.result is not None and session.state.result.approved


def test_idle_warning_then_timeout_wipes_everything(app: App) -> None:
    clock = Clock()
    session = session_for(app, clock=clock, idle_timeout_s=60, idle_warning_s=20)
    Patient(session).identifies("Nunez", "07041972")
    session.pay()
    session.choose_full()
    assert session.state.has_patient_data
    clock.advance(39)
    session.tick()
    assert session.state.idle_warning_s == 0
    clock.advance(2)
    session.tick()
    assert session.state.idle_warning_s == 19  # "are you still there?"
    session.still_here()
    assert session.state.idle_warning_s == 0
    clock.advance(61)
    session.tick()
    state = session.state
    assert state.screen is Screen.ATTRACT
    assert not state.has_patient_data
    assert session._patient is None and session._payment_id is None


def test_timeout_during_processing_cancels_the_terminal(app_factory: Any) -> None:
    app = app_factory(terminal={"simulated": {"step_delay_ms": 5_000}})
    clock = Clock()
    runner = ThreadJobRunner()
    try:
        session = session_for(app, clock=clock, runner=runner, idle_timeout_s=30)
        patient = Patient(session).identifies("Nunez", "07041972")
        runner.idle()
        patient.pays_everything_by_card()
        deadline = time.monotonic() + 5
        while session.state.progress != "present_card" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert session.state.progress == "present_card"
        started = time.monotonic()
        clock.advance(31)
        session.tick()
        assert session.state.screen is Screen.ATTRACT and not session.state.has_patient_data
        assert runner.idle(10)
        assert time.monotonic() - started < 4  # the 5 s terminal wait was cut short
    finally:
        runner.close()
    with app.ledger.read() as db:
        from sqlalchemy import text

        statuses = list(db.scalars(text("SELECT status FROM payments")))
    assert statuses == ["abandoned"]
    assert app.terminal.state.charge_counts() == {}


def test_a_late_answer_for_a_wiped_session_is_dropped(app_factory: Any) -> None:
    app = app_factory(pms={"demo": {"latency_ms": 300}})
    runner = ThreadJobRunner()
    clock = Clock()
    try:
        session = session_for(app, clock=clock, runner=runner, idle_timeout_s=30)
        Patient(session).identifies("Nunez", "07041972")
        assert session.state.busy
        session.timeout()  # the patient walked away while the PMS was thinking
        runner.idle(10)
        assert session.state.screen is Screen.ATTRACT
        assert session.state.statement is None and session._patient is None
    finally:
        runner.close()


def test_out_of_service_recovers_when_the_terminal_is_back(app: App) -> None:
    clock = Clock()
    session = session_for(app, clock=clock, reprobe_s=30)
    app.terminal.offline = True
    session.out_of_service("terminal")
    assert session.state.screen is Screen.OUT_OF_SERVICE
    clock.advance(31)
    session.tick()
    assert session.state.screen is Screen.OUT_OF_SERVICE
    app.terminal.offline = False
    clock.advance(31)
    session.tick()
    assert session.state.screen is Screen.ATTRACT


def test_thank_you_returns_to_attract(app: App) -> None:
    clock = Clock()
    session = session_for(app, clock=clock, thank_you_s=8)
    Patient(session).identifies("Nunez", "07041972")
    session.pay()
    session.choose_full()
    session.give_up()
    assert session.state.screen is Screen.THANK_YOU
    clock.advance(9)
    session.tick()
    assert session.state.screen is Screen.ATTRACT


def test_scanned_statement_code_still_asks_for_the_birth_date(app: App) -> None:
    session = session_for(app)
    patient = app.pms.find_patients(PatientQuery("Nunez", date(1972, 7, 4)))[0]
    code = app.pms.statement(patient.id).statement_code
    session.scan_code(code)
    assert session.state.screen is Screen.BIRTHDATE
    Patient(session).enters_birthdate("07041972")
    assert session.state.screen is Screen.STATEMENT


def test_listeners_hear_every_change_from_the_worker_thread(app: App) -> None:
    runner = ThreadJobRunner()
    try:
        session = session_for(app, runner=runner)
        threads: set[str] = set()
        session.subscribe(lambda _s: threads.add(threading.current_thread().name))
        Patient(session).identifies("Nunez", "07041972")
        runner.idle()
        assert "kiosk-session" in threads  # results arrive on the worker; the bridge marshals
    finally:
        runner.close()


@pytest.mark.parametrize("letters", ["O'BRIEN", "SMITH-JONES", "GARCIA LOPEZ"])
def test_the_name_keyboard_accepts_real_names(app: App, letters: str) -> None:
    session = session_for(app)
    Patient(session).touches_the_screen()
    for letter in letters + "1@":
        session.type_letter(letter)
    assert session.state.typed_name == letters
