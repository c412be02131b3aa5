"""The session's machinery: state, listeners, jobs, idle timeout, wiping, preferences.

Every public method of a session is an intent a screen may send, from any
thread. Slow work is submitted to the :class:`JobRunner`; its result is
applied only if it still belongs to the current patient (``session``
number), so an idle reset can never be undone by a late answer. Listeners
get every new state and must not block.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from kiosk.domain.patient import Patient
from kiosk.domain.payment import PaymentKind
from kiosk.flow.jobs import JobRunner
from kiosk.flow.services import FlowServices, FlowSettings
from kiosk.flow.view import Preferences, Screen, ViewState

log = logging.getLogger(__name__)

Listener = Callable[[ViewState], None]

#: Screens that hold no patient data and never time out.
RESTING = frozenset({Screen.STARTING, Screen.ATTRACT, Screen.OUT_OF_SERVICE})


class SessionCore:
    def __init__(self, services: FlowServices, settings: FlowSettings, runner: JobRunner,
                 clock: Callable[[], float] = time.monotonic,
                 today: Callable[[], date] = date.today) -> None:
        self.services = services
        self.settings = settings
        self.runner = runner
        self._clock = clock
        self._today = today
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._state = ViewState(Screen.STARTING, demo=services.demo,
                                clinic_name=services.clinic.name,
                                prefs=self._default_prefs(),
                                languages=settings.languages)
        self._last_touch = clock()
        self._entered_at = clock()
        self._next_probe = 0.0
        self._phone_stop: threading.Event | None = None
        self._phone_deadline = 0.0
        self._forget_patient()

    def _default_prefs(self) -> Preferences:
        settings = self.settings
        return Preferences(language=settings.default_language,
                           large_text=settings.default_large_text,
                           high_contrast=settings.default_high_contrast)

    def _forget_patient(self) -> None:
        """Everything held for the current patient only (wiped by _reset)."""
        self._patient: Patient | None = None
        self._statement_code = ""
        self._scanned_code = ""
        self._payment_id: str | None = None
        self._kind = PaymentKind.BALANCE
        self._answers: dict[str, str] = {}
        self._method = "card"
        self._session_ref = f"kiosk-{uuid.uuid4().hex[:16]}"
        self._next_takeover_poll = 0.0
        if self._phone_stop is not None:
            self._phone_stop.set()  # a phone page still up is closed by its own job
        self._phone_stop = None

    # -- observing ------------------------------------------------------------
    @property
    def state(self) -> ViewState:
        with self._lock:
            return self._state

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)
        listener(self.state)

    def _publish(self, state: ViewState) -> None:
        for listener in self._listeners:
            listener(state)

    def _set(self, **changes: Any) -> None:
        with self._lock:
            before = self._state
            self._state = replace(self._state, **changes)
            moved = self._state.screen is not before.screen
            if moved:
                self._entered_at = self._clock()
            state = self._state
        self._publish(state)
        if moved:
            self._show_desk(state)

    # -- the front desk's view of this kiosk ----------------------------------
    def _show_desk(self, state: ViewState) -> None:
        """Tell the desk where this patient is (on the worker: never the caller's thread)."""
        board = self.services.board
        if board is None or state.screen in RESTING:
            return
        patient, payment_id, ref = self._patient, self._payment_id, self._session_ref
        kiosk_id = self.services.kiosk_id

        def work() -> None:
            board.publish(kiosk_id, ref, state.screen.value,
                          patient.id if patient else "",
                          patient.display_name if patient else "", state.amount, payment_id)

        self.runner.submit(work, lambda _result: None)

    def _poll_desk(self, now: float) -> None:
        board = self.services.board
        if board is None or now < self._next_takeover_poll:
            return
        self._next_takeover_poll = now + 2.0
        session, ref, kiosk_id = self.state.session, self._session_ref, self.services.kiosk_id

        def done(notice: Any) -> None:
            if notice is not None and not isinstance(notice, BaseException) \
                    and self.state.session == session:
                self._go(Screen.THANK_YOU, message="taken_over")

        self.runner.submit(lambda: board.taken_over(kiosk_id, ref), done)

    def _go(self, screen: Screen, **changes: Any) -> None:
        self._set(screen=screen, busy=False, message=changes.pop("message", ""), **changes)

    def _job(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``work`` on the runner; ``done`` runs only if this patient is still here."""
        session = self.state.session
        self._set(busy=True)

        def finish(result: Any) -> None:
            if self.state.session != session:
                log.info("dropping a result for a session that has ended")
                return
            done(result)

        self.runner.submit(work, finish)

    # -- start-up and service -------------------------------------------------
    def ready(self) -> None:
        """Start-up finished: show the attract screen."""
        self._reset()

    def out_of_service(self, reason: str) -> None:
        self._reset(screen=Screen.OUT_OF_SERVICE, out_of_service=reason)
        self._next_probe = self._clock() + self.settings.reprobe_s

    def _reprobe(self) -> None:
        self._next_probe = self._clock() + self.settings.reprobe_s

        def done(health: Any) -> None:
            if getattr(health, "ok", False) and self.state.screen is Screen.OUT_OF_SERVICE:
                self._reset()
            else:
                self._set(busy=False)

        self._job(self.services.health, done)

    # -- preferences ------------------------------------------------------------
    def set_language(self, language: str) -> None:
        self.touch()
        if language in self.state.languages:
            self._set(prefs=replace(self.state.prefs, language=language))

    def toggle_large_text(self) -> None:
        self.touch()
        self._set(prefs=replace(self.state.prefs, large_text=not self.state.prefs.large_text))

    def toggle_high_contrast(self) -> None:
        self.touch()
        prefs = self.state.prefs
        self._set(prefs=replace(prefs, high_contrast=not prefs.high_contrast))

    def toggle_audio(self) -> None:
        """Spoken guidance on or off; private listening must be confirmed again each time."""
        self.touch()
        prefs = self.state.prefs
        self._set(prefs=replace(prefs, audio=not prefs.audio, private_listening=False))

    def confirm_headphones(self) -> None:
        """ADA 707.5: names and amounts are spoken only once the patient says they listen
        privately (headphones)."""
        self.touch()
        self._set(prefs=replace(self.state.prefs, audio=True, private_listening=True))

    # -- idle -----------------------------------------------------------------
    def touch(self) -> None:
        """Any patient interaction: restart the idle timer and hide the warning."""
        self._last_touch = self._clock()
        if self.state.idle_warning_s:
            self._set(idle_warning_s=0)

    def still_here(self) -> None:
        self.touch()

    def timeouts(self) -> tuple[float, float]:
        """(idle timeout, warning) in seconds, at least doubled in audio mode."""
        factor = self.settings.audio_factor if self.state.prefs.audio else 1.0
        return self.settings.idle_timeout_s * factor, self.settings.idle_warning_s * factor

    def tick(self) -> None:
        """Called a few times a second by the front end's timer."""
        now = self._clock()
        state = self.state
        if state.screen is Screen.OUT_OF_SERVICE:
            if now >= self._next_probe and not state.busy:
                self._reprobe()
            return
        if state.screen in RESTING:
            return
        if state.screen is not Screen.THANK_YOU:
            self._poll_desk(now)
        if state.screen is Screen.THANK_YOU:
            if now - self._entered_at >= self.settings.thank_you_s:
                self._reset()
            return
        if state.screen is Screen.PHONE and state.qr_url:
            # The patient is paying on their own phone, not touching us: the page's own
            # deadline applies, counted down on screen.
            page_left = max(0, math.ceil(self._phone_deadline - now))
            if page_left != state.phone_left_s:
                self._set(phone_left_s=page_left)
            return
        timeout, warning = self.timeouts()
        left = timeout - (now - self._last_touch)
        if left <= 0:
            log.info("idle timeout on %s: wiping the session", state.screen.value)
            self.timeout()
        elif left <= warning:
            seconds = math.ceil(left)
            if seconds != state.idle_warning_s:
                self._set(idle_warning_s=seconds)

    def timeout(self) -> None:
        """Idle timeout: cancel any terminal action, wipe everything, back to attract."""
        if self.state.screen is Screen.PROCESSING:
            self.services.payments.cancel()
        self._abandon_payment("idle timeout")
        self._reset()

    def _reset(self, screen: Screen = Screen.ATTRACT, **changes: Any) -> None:
        board, ref, kiosk_id = self.services.board, self._session_ref, self.services.kiosk_id
        if board is not None and self._state.screen not in RESTING:
            self.runner.submit(lambda: board.end(kiosk_id, ref), lambda _result: None)
        with self._lock:
            self._forget_patient()
            self._last_touch = self._clock()
            self._state = ViewState(
                screen, session=self._state.session + 1, demo=self.services.demo,
                clinic_name=self.services.clinic.name,
                prefs=self._default_prefs(),
                languages=self.settings.languages, **changes,
            )
            self._entered_at = self._clock()
            state = self._state
        self._publish(state)

    def _abandon_payment(self, reason: str) -> None:
        payment_id = self._payment_id
        if payment_id is None:
            return
        payments = self.services.payments

        def work() -> None:
            payments.abandon(payment_id, reason)  # only if it took no money

        self.runner.submit(work, lambda _result: None)
