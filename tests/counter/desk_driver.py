"""A receptionist at the counter, headless: drives a CounterSession as the screens will.

Page-object style: each step reads like what staff do and asserts where it lands,
so the lead's pytest-qt tests can mirror these steps screen by screen.
"""

from __future__ import annotations

from datetime import date

from kiosk.counter.session import CounterSession
from kiosk.counter.view import CounterScreen, CounterView


class Clock:
    def __init__(self) -> None:
        self.now = 5_000.0

    def __call__(self) -> float:
        return self.now


class Receptionist:
    def __init__(self, session: CounterSession) -> None:
        self.session = session

    @property
    def view(self) -> CounterView:
        return self.session.state

    @property
    def screen(self) -> CounterScreen:
        return self.session.state.screen

    def signs_in(self, username: str, password: str) -> Receptionist:
        self.session.sign_in(username, password)
        assert self.screen is CounterScreen.SEARCH, self.view.message
        return self

    def finds(self, family: str, born: date) -> Receptionist:
        self.session.search_by_name(family, born)
        assert self.view.hits, self.view.message
        return self

    def opens_first_hit(self) -> Receptionist:
        self.session.open_patient(0)
        assert self.screen is CounterScreen.STATEMENT, self.view.message
        return self

    def takes(self, method: str, cents: int, cash_given: int = 0,
              check_number: str = "") -> Receptionist:
        self.session.pay()
        assert self.screen is CounterScreen.TENDER
        self.session.choose_method(method)
        self.session.set_amount(cents)
        if method == "cash":
            self.session.set_cash_given(cash_given)
        if method == "check":
            self.session.set_check_number(check_number)
        self.session.submit_tender()
        return self
