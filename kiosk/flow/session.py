"""The patient session: intents in, :class:`ViewState` out.

Every public method is an intent a screen may send, from any thread. Slow
work is submitted to the :class:`JobRunner`; its result comes back to a
``_done_*`` method, which applies it only if it still belongs to the current
patient (``session`` number), so an idle reset can never be undone by a late
answer. Listeners get every new state and must not block.
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

from kiosk.domain.money import Money
from kiosk.domain.patient import Patient, PatientQuery
from kiosk.domain.payment import PaymentKind
from kiosk.flow.date_entry import DateEntry
from kiosk.flow.jobs import JobRunner
from kiosk.flow.services import FlowServices, FlowSettings
from kiosk.flow.view import LineView, ResultView, Screen, StatementView, ViewState
from kiosk.lookup.service import LookupOutcome, LookupResult
from kiosk.payments.policy import AmountRefused
from kiosk.payments.service import AttemptResult, PaymentRequest
from kiosk.ports.pms import PmsError
from kiosk.ports.terminal import ProgressEvent, ProgressKind
from kiosk.receipts import receipt_for, render_text

log = logging.getLogger(__name__)

Listener = Callable[[ViewState], None]

#: Screens that hold no patient data and never time out.
RESTING = frozenset({Screen.STARTING, Screen.ATTRACT, Screen.OUT_OF_SERVICE})
#: Where "back" goes from each screen.
BACK = {
    Screen.NAME: Screen.ATTRACT,
    Screen.BIRTHDATE: Screen.NAME,
    Screen.MORE: Screen.BIRTHDATE,
    Screen.NOT_FOUND: Screen.NAME,
    Screen.AMOUNT: Screen.STATEMENT,
    Screen.OTHER_AMOUNT: Screen.AMOUNT,
    Screen.METHOD: Screen.AMOUNT,
}
NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ '-")
MAX_NAME = 40
MAX_AMOUNT_DIGITS = 7  # $99,999.99


class KioskSession:
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
                                clinic_name=services.clinic.name)
        self._last_touch = clock()
        self._entered_at = clock()
        self._next_probe = 0.0
        # Held only for the current patient; wiped by _reset().
        self._patient: Patient | None = None
        self._statement_code = ""
        self._scanned_code = ""
        self._payment_id: str | None = None
        self._kind = PaymentKind.BALANCE
        self._answers: dict[str, str] = {}

    # -- observing ------------------------------------------------------------
    @property
    def state(self) -> ViewState:
        with self._lock:
            return self._state

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)
        listener(self.state)

    def _set(self, **changes: Any) -> None:
        with self._lock:
            before = self._state
            self._state = replace(self._state, **changes)
            if self._state.screen is not before.screen:
                self._entered_at = self._clock()
            state = self._state
        for listener in self._listeners:
            listener(state)

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

    # -- start-up and service ---------------------------------------------------
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

    # -- idle -----------------------------------------------------------------
    def touch(self) -> None:
        """Any patient interaction: restart the idle timer and hide the warning."""
        self._last_touch = self._clock()
        if self.state.idle_warning_s:
            self._set(idle_warning_s=0)

    def still_here(self) -> None:
        self.touch()

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
        if state.screen is Screen.THANK_YOU:
            if now - self._entered_at >= self.settings.thank_you_s:
                self._reset()
            return
        idle = now - self._last_touch
        left = self.settings.idle_timeout_s - idle
        if left <= 0:
            log.info("idle timeout on %s: wiping the session", state.screen.value)
            self.timeout()
        elif left <= self.settings.idle_warning_s:
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
        with self._lock:
            self._patient = None
            self._statement_code = ""
            self._scanned_code = ""
            self._payment_id = None
            self._kind = PaymentKind.BALANCE
            self._answers = {}
            self._last_touch = self._clock()
            self._state = ViewState(
                screen, session=self._state.session + 1, demo=self.services.demo,
                clinic_name=self.services.clinic.name, **changes,
            )
            self._entered_at = self._clock()
            state = self._state
        for listener in self._listeners:
            listener(state)

    def _abandon_payment(self, reason: str) -> None:
        payment_id = self._payment_id
        if payment_id is None:
            return
        payments = self.services.payments

        def work() -> None:
            payments.abandon(payment_id, reason)  # only if it took no money

        self.runner.submit(work, lambda _result: None)

    # -- identify -------------------------------------------------------------
    def start(self) -> None:
        if self.state.screen is Screen.ATTRACT:
            self.touch()
            self._go(Screen.NAME)

    def scan_code(self, code: str) -> None:
        """A statement barcode was scanned: still ask for the date of birth."""
        if self.state.screen in (Screen.ATTRACT, Screen.NAME) and code.strip():
            self.touch()
            self._scanned_code = code.strip()
            self._go(Screen.BIRTHDATE, birthdate=DateEntry(today=self._today()))

    def type_letter(self, letter: str) -> None:
        self.touch()
        letter = letter.upper()
        name = self.state.typed_name
        if letter in NAME_CHARACTERS and len(name) < MAX_NAME and not (
                letter == " " and (not name or name.endswith(" "))):
            self._set(typed_name=name + letter, message="")

    def erase_letter(self) -> None:
        self.touch()
        self._set(typed_name=self.state.typed_name[:-1], message="")

    def submit_name(self) -> None:
        self.touch()
        if len(self.state.typed_name.strip(" '-")) < 2:
            self._set(message="name_too_short")
            return
        self._go(Screen.BIRTHDATE, birthdate=DateEntry(today=self._today()))

    def type_date_digit(self, digit: str) -> None:
        self.touch()
        self._set(birthdate=self.state.birthdate.type(digit), message="")

    def erase_date_digit(self) -> None:
        self.touch()
        self._set(birthdate=self.state.birthdate.back(), message="")

    def submit_birthdate(self) -> None:
        self.touch()
        birthdate = self.state.birthdate.value
        if birthdate is None or self.state.busy:
            self._set(message="date_incomplete")
            return
        if self._scanned_code:
            code = self._scanned_code
            self._job(lambda: self.services.lookup.find_by_statement_code(code, birthdate),
                      self._done_lookup)
            return
        query = PatientQuery(self.state.typed_name.strip(), birthdate)
        self._job(lambda: self.services.lookup.find(query), self._done_lookup)

    def type_answer_digit(self, digit: str) -> None:
        self.touch()
        limit = 5 if self.state.ask_for == "postal_code" else 4
        if digit.isdigit() and len(digit) == 1 and len(self.state.answer) < limit:
            self._set(answer=self.state.answer + digit, message="")

    def erase_answer_digit(self) -> None:
        self.touch()
        self._set(answer=self.state.answer[:-1], message="")

    def submit_answer(self) -> None:
        self.touch()
        state = self.state
        birthdate = state.birthdate.value
        needed = 5 if state.ask_for == "postal_code" else 4
        if len(state.answer) != needed or birthdate is None or state.busy:
            self._set(message="answer_incomplete")
            return
        answers = {**self._answers, state.ask_for: state.answer}
        self._answers = answers
        query = PatientQuery(state.typed_name.strip(), birthdate,
                             postal_code=answers.get("postal_code"),
                             phone_last4=answers.get("phone_last4"))
        self._job(lambda: self.services.lookup.find(query), self._done_lookup)

    def _done_lookup(self, result: Any) -> None:
        if isinstance(result, BaseException) or not isinstance(result, LookupResult):
            self._go(Screen.NOT_FOUND, message="pms_unavailable")
            return
        if result.outcome is LookupOutcome.MATCH and result.patient is not None:
            patient = result.patient
            self._patient = patient
            self._job(lambda: self._load_statement(patient), self._done_statement)
        elif result.outcome is LookupOutcome.NEED_MORE:
            self._go(Screen.MORE, ask_for=result.ask_for, answer="")
        elif result.outcome is LookupOutcome.COOLING_DOWN:
            self._go(Screen.NOT_FOUND, message="cooldown", retry_after_s=result.retry_after_s)
        elif result.outcome is LookupOutcome.UNAVAILABLE:
            self._go(Screen.NOT_FOUND, message="pms_unavailable")
        else:
            self._answers = {}
            self._go(Screen.NOT_FOUND, message="no_match")

    # -- statement ------------------------------------------------------------
    def _load_statement(self, patient: Patient) -> StatementView:
        statement = self.services.lookup.statement(patient)
        payable = self.services.payments.payable(patient.id, statement.total_due)
        self._statement_code = statement.statement_code
        return StatementView(
            display_name=patient.display_name,
            lines=tuple(LineView(line.date_of_service, line.description, line.charge,
                                 line.insurance_paid, line.adjustment,
                                 line.patient_responsibility) for line in statement.lines),
            paid_before=statement.total_paid, total_due=statement.total_due, payable=payable,
            as_of=statement.as_of, from_cache=statement.from_cache,
        )

    def _done_statement(self, result: Any) -> None:
        if isinstance(result, StatementView):
            self._answers = {}
            self._go(Screen.STATEMENT, statement=result, amounts_visible=False,
                     copay_allowed=self.settings.copay_allowed,
                     max_copay=self.settings.max_copay)
        else:  # a PmsError, or the ledger could not record the view: show nothing
            if not isinstance(result, PmsError):
                log.error("statement could not be shown: %s", result.__class__.__name__)
            self._patient = None
            self._go(Screen.NOT_FOUND, message="pms_unavailable")

    def show_amounts(self) -> None:
        self.touch()
        self._set(amounts_visible=not self.state.amounts_visible)

    def pay(self) -> None:
        self.touch()
        statement = self.state.statement
        if statement is None:
            return
        if statement.payable.cents <= 0 and not self.settings.copay_allowed:
            self._set(message="nothing_to_pay")
            return
        self._go(Screen.AMOUNT)

    # -- amount ---------------------------------------------------------------
    def choose_full(self) -> None:
        self.touch()
        statement = self.state.statement
        if statement is None or statement.payable.cents <= 0:
            self._set(message="nothing_to_pay")
            return
        self._choose(statement.payable, PaymentKind.BALANCE)

    def choose_other(self) -> None:
        self.touch()
        self._kind = PaymentKind.BALANCE
        self._go(Screen.OTHER_AMOUNT, other_amount="", amount_kind=self._kind.value)

    def choose_copay(self) -> None:
        self.touch()
        if not self.settings.copay_allowed:
            return
        self._kind = PaymentKind.COPAY
        self._go(Screen.OTHER_AMOUNT, other_amount="", amount_kind=self._kind.value)

    def type_amount_digit(self, digit: str) -> None:
        self.touch()
        typed = self.state.other_amount
        if digit.isdigit() and len(digit) == 1 and len(typed) < MAX_AMOUNT_DIGITS and (
                typed or digit != "0"):
            self._set(other_amount=typed + digit, message="")

    def erase_amount_digit(self) -> None:
        self.touch()
        self._set(other_amount=self.state.other_amount[:-1], message="")

    def submit_other_amount(self) -> None:
        statement = self.state.statement
        if statement is None:
            return
        cents = int(self.state.other_amount or "0")
        self._choose(Money(cents, statement.total_due.currency), self._kind)

    def _choose(self, amount: Money, kind: PaymentKind) -> None:
        """Check the amount with the core's own policy before asking for a method."""
        self.touch()
        statement = self.state.statement
        if statement is None:
            return
        try:
            self.services.payments.policy.check(amount, kind, statement.payable)
        except AmountRefused as refused:
            self._set(message=f"amount_{refused.code}")
            return
        if self._payment_id is not None and (self.state.amount != amount or self._kind != kind):
            self._abandon_payment("patient changed the amount")
            self._payment_id = None
        self._kind = kind
        self._go(Screen.METHOD, amount=amount,
                 methods=("card", "phone") if self.settings.pay_on_phone else ("card",))

    # -- paying ---------------------------------------------------------------
    def choose_method(self, method: str) -> None:
        self.touch()
        state = self.state
        if method not in state.methods or state.amount is None or state.busy:
            return
        if method != "card":
            self._set(message="method_unavailable")
            return
        self._go(Screen.PROCESSING, progress="", progress_text="", result=None)
        self._job(self._sell, self._done_sale)

    def _sell(self) -> AttemptResult:
        patient, amount, statement = self._patient, self.state.amount, self.state.statement
        if patient is None or amount is None or statement is None:
            raise RuntimeError("no patient or amount")
        payments = self.services.payments
        if self._payment_id is None:
            self._payment_id = payments.start(PaymentRequest(
                patient_id=patient.id, display_name=patient.display_name, amount=amount,
                statement_balance=statement.total_due, kind=self._kind, method="card",
                session_ref=f"kiosk-{self.state.session}-{uuid.uuid4().hex[:8]}",
                statement_code=self._statement_code,
            ))
        session = self.state.session
        return payments.authorize(self._payment_id, lambda e: self._progress(session, e))

    def _progress(self, session: int, event: ProgressEvent) -> None:
        if event.kind is ProgressKind.REFERENCE or self.state.session != session:
            return
        self.touch()  # the patient is busy with the terminal, not idle
        self._set(progress=event.kind.value, progress_text=event.text)

    def _done_sale(self, result: Any) -> None:
        amount = self.state.amount or Money(0)
        if isinstance(result, AmountRefused):
            self._go(Screen.AMOUNT, message=f"amount_{result.code}")
            return
        if not isinstance(result, AttemptResult):
            # The ledger or the terminal failed outside the payment's own rules:
            # the payment is reconciled later; the patient is told to see the desk.
            self._go(Screen.RESULT, result=ResultView(False, "unknown", amount))
            return
        self._go(Screen.RESULT, result=ResultView(
            approved=result.approved, outcome=result.outcome_code, amount=amount,
            card_brand=result.card.brand, card_last4=result.card.last4,
            can_retry=result.can_retry, reference=result.payment_id,
        ))

    def cancel_payment(self) -> None:
        """The patient pressed cancel: ask the terminal; the sale reports when it stopped."""
        self.touch()
        if self.state.screen is Screen.PROCESSING:
            self._set(progress="canceling")
            self.services.payments.cancel()

    def try_again(self) -> None:
        result = self.state.result
        if result is None or not result.can_retry:
            return
        self.choose_method("card")

    def other_method(self) -> None:
        self.touch()
        if self.state.result is not None and self.state.result.can_retry:
            self._go(Screen.METHOD)

    def give_up(self) -> None:
        self.touch()
        self._abandon_payment("patient gave up")
        self._payment_id = None
        self._go(Screen.THANK_YOU, message="no_payment")

    # -- receipt --------------------------------------------------------------
    def to_receipt(self) -> None:
        self.touch()
        result = self.state.result
        if result is not None and result.approved:
            self._go(Screen.RECEIPT, receipt_preview="", print_ok=None)

    def print_receipt(self) -> None:
        self.touch()
        payment_id = self._payment_id
        if payment_id is None or self.state.busy:
            return
        services = self.services
        statement_code = self._statement_code

        def work() -> tuple[bool, str]:
            view = services.payments.view(payment_id)
            receipt = receipt_for(view, services.clinic.name, services.clinic.address,
                                  statement_code, services.clinic.portal_url)
            printed = services.printer.print_receipt(receipt)
            preview = render_text(receipt, services.clinic.timezone) \
                if services.printer.name == "simulated" else ""
            return printed.ok, preview

        def done(result: Any) -> None:
            if isinstance(result, tuple):
                self._go(Screen.RECEIPT, print_ok=result[0], receipt_preview=result[1],
                         message="" if result[0] else "printer_failed")
            else:
                self._go(Screen.RECEIPT, print_ok=False, message="printer_failed")

        self._job(work, done)

    def no_receipt(self) -> None:
        self.touch()
        self._go(Screen.THANK_YOU)

    def finish(self) -> None:
        """Done: wipe and return to attract (from the thank-you or any message screen)."""
        if self.state.screen is Screen.PROCESSING:
            return
        self._abandon_payment("patient finished")  # a no-op for a payment that took money
        self._reset()

    def back(self) -> None:
        self.touch()
        target = BACK.get(self.state.screen)
        if self.state.busy:
            return
        if target is Screen.ATTRACT or self.state.screen is Screen.STATEMENT:
            self.finish()
        elif target is not None:
            self._go(target)
