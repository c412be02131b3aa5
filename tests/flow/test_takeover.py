"""A kiosk session the front desk takes over: the kiosk shows it and lets the patient go."""

from __future__ import annotations

from typing import Any

from kiosk.counter.takeover import SessionBoard
from kiosk.flow.view import Screen
from tests.counter.conftest import Desk, desk  # noqa: F401 - the desk fixture
from tests.flow.driver import Clock, Patient
from tests.flow.test_session import session_for


def test_the_desk_takes_over_a_kiosk_session(desk: Desk, app_factory: Any) -> None:  # noqa: F811
    app = app_factory()  # the kiosk, on the same ledger as the desk
    clock = Clock()
    session = session_for(app, clock=clock)
    Patient(session).identifies("Nunez", "07041972")
    session.pay()
    board: Any = session.services.board
    assert isinstance(board, SessionBoard)
    stuck = [s for s in board.sessions() if s.display_name == "José N."]
    assert len(stuck) == 1 and stuck[0].step == "amount"
    taken = board.take_over(desk.rita, stuck[0].kiosk_id, stuck[0].session_ref,
                            desk.app.payments)
    assert taken.ok
    clock.advance(3)
    session.tick()  # the kiosk's poll
    assert session.state.screen is Screen.THANK_YOU and session.state.message == "taken_over"
    clock.advance(10)
    session.tick()
    assert session.state.screen is Screen.ATTRACT and not session.state.has_patient_data


def test_a_finished_session_leaves_nothing_on_the_board(app_factory: Any) -> None:
    session = session_for(app_factory())
    Patient(session).identifies("Nunez", "07041972")
    session.finish()
    board: Any = session.services.board
    assert [s for s in board.sessions() if s.display_name] == []
