"""A patient at the kiosk, headless: drives a KioskSession the way the screens do."""

from __future__ import annotations

from kiosk.flow.session import KioskSession
from kiosk.flow.view import Screen, ViewState


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Patient:
    """Reads like what a patient does; each step asserts the screen it lands on."""

    def __init__(self, session: KioskSession) -> None:
        self.session = session

    @property
    def state(self) -> ViewState:
        return self.session.state

    @property
    def screen(self) -> Screen:
        return self.session.state.screen

    def touches_the_screen(self) -> Patient:
        self.session.start()
        assert self.screen is Screen.NAME
        return self

    def types_name(self, name: str) -> Patient:
        for letter in name:
            self.session.type_letter(letter)
        self.session.submit_name()
        return self

    def enters_birthdate(self, mmddyyyy: str) -> Patient:
        for digit in mmddyyyy:
            self.session.type_date_digit(digit)
        self.session.submit_birthdate()
        return self

    def answers(self, digits: str) -> Patient:
        for digit in digits:
            self.session.type_answer_digit(digit)
        self.session.submit_answer()
        return self

    def settle(self) -> None:
        """Wait for the session's worker (a threaded runner) to finish what it started."""
        idle = getattr(self.session.runner, "idle", None)
        if idle is not None:
            idle(10)

    def pays_everything_by_card(self) -> Patient:
        self.session.pay()
        self.session.choose_full()
        self.settle()
        assert self.screen is Screen.METHOD, self.state.message
        self.session.choose_method("card")
        return self

    def pays_other_amount(self, cents: str) -> Patient:
        self.session.pay()
        self.session.choose_other()
        for digit in cents:
            self.session.type_amount_digit(digit)
        self.session.submit_other_amount()
        return self

    def identifies(self, name: str, mmddyyyy: str) -> Patient:
        return self.touches_the_screen().types_name(name).enters_birthdate(mmddyyyy)
