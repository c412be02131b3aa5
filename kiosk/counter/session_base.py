"""The counter session's machinery: state, listeners, jobs, the inactivity lock.

Every public method of :class:`~kiosk.counter.session.CounterSession` is an
intent a screen may send from any thread. Slow work (Argon2, the PMS, the
terminal, the ledger) goes to the :class:`~kiosk.flow.jobs.JobRunner`; its
result is applied only if it still belongs to the same signed-in session
(``session`` number), so a sign-out is never undone by a late answer.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from kiosk.counter.services import CounterServices
from kiosk.counter.view import CounterScreen, CounterView, StaffView
from kiosk.domain.money import Money
from kiosk.domain.staff import Role, StaffSession
from kiosk.flow.jobs import JobRunner

log = logging.getLogger(__name__)

Listener = Callable[[CounterView], None]


class SessionBase:
    def __init__(self, services: CounterServices, runner: JobRunner,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.services = services
        self.runner = runner
        self._clock = clock
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._state = CounterView(CounterScreen.STARTING, demo=services.settings.demo,
                                  clinic_name=services.clinic.name)
        self._staff: StaffSession | None = None
        self._last_touch = clock()
        self._resume = CounterScreen.SEARCH

    # -- observing ------------------------------------------------------------------
    @property
    def state(self) -> CounterView:
        with self._lock:
            return self._state

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)
        listener(self.state)

    def _set(self, **changes: Any) -> None:
        with self._lock:
            self._state = replace(self._state, **changes)
            state = self._state
        for listener in self._listeners:
            listener(state)

    def _go(self, screen: CounterScreen, **changes: Any) -> None:
        self._set(screen=screen, busy=False, message=changes.pop("message", ""), **changes)

    def _job(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``work`` on the runner; ``done`` only if the same person is still signed in."""
        session = self.state.session
        self._set(busy=True, message="")

        def finish(result: Any) -> None:
            if self.state.session != session:
                log.info("dropping a result for a counter session that has ended")
                return
            done(result)

        self.runner.submit(work, finish)

    def _fail(self, result: Any, screen: CounterScreen | None = None) -> bool:
        """True (and a message shown) when a job ended in an exception."""
        if not isinstance(result, BaseException):
            return False
        code = getattr(result, "code", "") or {
            "PmsUnavailable": "pms_unavailable", "PmsBadResponse": "pms_unavailable",
            "PmsRejected": "pms_rejected", "LedgerError": "ledger_unavailable",
        }.get(type(result).__name__, "failed")
        self._set(screen=screen or self.state.screen, busy=False, message=code)
        return True

    # -- who is signed in -----------------------------------------------------------
    def _signed_in(self, role: Role = Role.RECEPTIONIST) -> StaffSession | None:
        """The member of staff, if the screen is usable and their role allows the intent."""
        staff = self._staff
        if staff is None or self.state.locked:
            return None
        if not staff.may(role):
            self._set(message="not_allowed")
            return None
        self._last_touch = self._clock()
        return staff

    def _enter(self, staff: StaffSession) -> None:
        self._staff = staff
        self._last_touch = self._clock()
        member = staff.staff
        self._go(CounterScreen.SEARCH, staff=StaffView(
            member.username, member.display_name, member.role.value,
            member.role.at_least(Role.SUPERVISOR), member.role.at_least(Role.ADMIN)),
            locked=False, attempts_left=0, retry_after_s=0)

    def _wipe(self, message: str = "") -> None:
        """Back to the sign-in screen with nothing of the last person's work kept."""
        with self._lock:
            self._staff = None
            self._state = CounterView(
                CounterScreen.SIGN_IN, session=self._state.session + 1,
                demo=self.services.settings.demo, clinic_name=self.services.clinic.name,
                message=message)
            state = self._state
        for listener in self._listeners:
            listener(state)

    # -- front-desk intents the back office also uses (CounterSession defines them) -----
    def open_statement(self, patient_id: str, display_name: str,
                       amount: Money | None = None) -> None:
        raise NotImplementedError

    def reprint(self, payment_id: str, reprint: bool = True) -> None:
        raise NotImplementedError

    # -- inactivity -------------------------------------------------------------------
    def touch(self) -> None:
        """Any staff input: restart the inactivity timer."""
        self._last_touch = self._clock()

    def tick(self) -> None:
        """Called about once a second by the front end's timer: auto-lock when idle."""
        if self._staff is None or self.state.locked or self.state.screen is \
                CounterScreen.PROCESSING:
            return
        if self._clock() - self._last_touch >= self.services.settings.auto_lock_s:
            self.lock_now()

    def lock_now(self) -> None:
        staff = self._staff
        if staff is None or self.state.locked:
            return
        self._resume = self.state.screen
        self._go(CounterScreen.LOCKED, locked=True)
        accounts = self.services.accounts
        self.runner.submit(lambda: accounts.screen_locked(staff), lambda _result: None)
