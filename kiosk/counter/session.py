"""The counter session: the receptionist's intents in, :class:`CounterView` out.

Front-desk intents live here (start, sign-in and lock, search, statement,
tender, receipts); the back office (refunds, queue, kiosks, day close,
dashboard, import) in :mod:`kiosk.counter.backoffice`. See
:mod:`kiosk.counter.session_base` for the threading rules.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from kiosk.counter.backoffice import BackOffice
from kiosk.counter.search import CounterStatement, PatientHit, SearchUnsupported
from kiosk.counter.services import start_counter
from kiosk.counter.session_base import SessionBase
from kiosk.counter.tenders import METHODS, TenderRefused, TenderResult
from kiosk.counter.view import CounterScreen, TenderForm
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind
from kiosk.domain.staff import SignInOutcome, SignInResult
from kiosk.payments.policy import AmountRefused
from kiosk.payments.service import PaymentRequest
from kiosk.ports.terminal import ProgressEvent, ProgressKind


class CounterSession(BackOffice, SessionBase):
    # -- start, sign-in, lock ---------------------------------------------------------
    def start(self) -> None:
        """Before anyone signs in: settle payments and refunds a crash left in doubt."""
        services = self.services

        def done(result: Any) -> None:
            self._go(CounterScreen.SIGN_IN,
                     message="startup_failed" if isinstance(result, BaseException) else "")

        self._job(lambda: start_counter(services), done)

    def sign_in(self, username: str, password: str) -> None:
        if self.state.screen is not CounterScreen.SIGN_IN or self.state.busy:
            return
        accounts = self.services.accounts
        self._job(lambda: accounts.sign_in(username, password), self._done_sign_in)

    def _done_sign_in(self, result: Any) -> None:
        if self._fail(result, CounterScreen.SIGN_IN):
            return
        assert isinstance(result, SignInResult)
        if result.ok and result.session is not None:
            self._enter(result.session)
        else:
            self._go(CounterScreen.SIGN_IN, message=result.outcome.value,
                     attempts_left=result.attempts_left, retry_after_s=result.retry_after_s)

    def unlock(self, username: str, password: str) -> None:
        staff = self._staff
        if staff is None or not self.state.locked or self.state.busy:
            return
        accounts = self.services.accounts

        def done(result: Any) -> None:
            if self._fail(result, CounterScreen.LOCKED):
                return
            assert isinstance(result, SignInResult)
            if result.ok and result.session is not None:
                self._staff = result.session
                self._last_touch = self._clock()
                self._go(self._resume, locked=False)
            elif result.outcome is SignInOutcome.LOCKED:
                self._wipe("locked")  # too many tries: the work is not kept
            else:
                self._go(CounterScreen.LOCKED, message=result.outcome.value,
                         attempts_left=result.attempts_left)

        self._job(lambda: accounts.reauthenticate(staff, username, password), done)

    def sign_out(self, reason: str = "signed_out") -> None:
        """Sign out (also "switch user", or the end of a locked screen's grace)."""
        staff = self._staff
        if staff is None:
            return
        accounts = self.services.accounts
        self.runner.submit(lambda: accounts.sign_out(staff, reason), lambda _result: None)
        self._wipe()

    # -- search and statement -----------------------------------------------------------
    def search_by_name(self, family: str, birthdate: date, postal_code: str = "") -> None:
        if self._signed_in() is None or self.state.busy:
            return
        if len(family.strip()) < 2:
            self._set(message="name_too_short")
            return
        search = self.services.search
        self._job(lambda: search.by_name(family.strip(), birthdate, postal_code.strip()),
                  self._done_search)

    def search_by_account(self, account_number: str) -> None:
        if self._signed_in() is None or self.state.busy or not account_number.strip():
            return
        search = self.services.search
        self._job(lambda: search.by_account(account_number), self._done_search)

    def search_by_statement_code(self, code: str) -> None:
        if self._signed_in() is None or self.state.busy or not code.strip():
            return
        search = self.services.search
        self._job(lambda: search.by_statement_code(code), self._done_search)

    def _done_search(self, result: Any) -> None:
        if isinstance(result, SearchUnsupported):
            self._go(CounterScreen.SEARCH, message="search_unsupported")
        elif not self._fail(result, CounterScreen.SEARCH):
            hits = tuple(result)
            self._go(CounterScreen.SEARCH, hits=hits, message="" if hits else "no_match")

    def open_patient(self, index: int) -> None:
        """Pick one search hit: fetch (and audit) the statement."""
        staff = self._signed_in()
        hits = self.state.hits
        if staff is None or self.state.busy or not 0 <= index < len(hits):
            return
        hit: PatientHit = hits[index]
        self.open_statement(hit.patient.id, hit.display_name)

    def open_statement(self, patient_id: str, display_name: str,
                       amount: Money | None = None) -> None:
        """Also used after a kiosk takeover: the same patient, the kiosk's amount prefilled."""
        staff = self._signed_in()
        if staff is None:
            return
        search = self.services.search

        def done(result: Any) -> None:
            if self._fail(result, CounterScreen.SEARCH):
                return
            assert isinstance(result, CounterStatement)
            self._go(CounterScreen.STATEMENT, statement=result, result=None, receipt_text="",
                     print_ok=None, tender=TenderForm(amount=amount or (
                         result.payable if result.payable.cents > 0 else None)))

        self._job(lambda: search.statement(staff, patient_id, display_name), done)

    def new_patient(self) -> None:
        """Clear the patient and go back to the search screen."""
        if self._signed_in() is None or self.state.screen is CounterScreen.PROCESSING:
            return
        self._go(CounterScreen.SEARCH, hits=(), statement=None, tender=TenderForm(),
                 result=None, receipt_text="", print_ok=None, refund=None, takeover=None)

    # -- tender -------------------------------------------------------------------------
    def pay(self) -> None:
        if self._signed_in() is not None and self.state.statement is not None:
            self._go(CounterScreen.TENDER)

    def choose_method(self, method: str) -> None:
        if self._signed_in() is not None and method in METHODS:
            self._set(tender=replace(self.state.tender, method=method), message="")

    def set_amount(self, cents: int, kind: str = "balance") -> None:
        if self._signed_in() is None or cents < 0 or kind not in ("balance", "copay"):
            return
        currency = self.services.settings.currency
        self._set(tender=replace(self.state.tender, amount=Money(cents, currency), kind=kind),
                  message="")

    def set_cash_given(self, cents: int) -> None:
        if self._signed_in() is not None and cents >= 0:
            currency = self.services.settings.currency
            self._set(tender=replace(self.state.tender, tendered=Money(cents, currency)))

    def set_check_number(self, number: str) -> None:
        if self._signed_in() is not None:
            self._set(tender=replace(self.state.tender, check_number=number.strip()[:10]))

    def submit_tender(self) -> None:
        """Take the payment with the chosen method (card: the terminal starts)."""
        staff = self._signed_in()
        state = self.state
        form, statement = state.tender, state.statement
        if staff is None or state.busy or statement is None or form.amount is None:
            return
        tenders = self.services.tenders
        request = PaymentRequest(
            patient_id=statement.patient_id, display_name=statement.display_name,
            amount=form.amount, statement_balance=statement.statement.total_due,
            kind=PaymentKind(form.kind), method=form.method,
            session_ref=f"counter-{state.session}-{uuid.uuid4().hex[:8]}",
            statement_code=statement.statement.statement_code)
        if form.method == "cash":
            tendered = form.tendered or Money(0, form.amount.currency)
            self._job(lambda: tenders.take_cash(staff, request, tendered), self._done_tender)
        elif form.method == "check":
            number = form.check_number
            self._job(lambda: tenders.take_check(staff, request, number), self._done_tender)
        else:
            existing = state.result.payment_id if state.result is not None \
                and state.result.can_retry and state.result.amount == form.amount else None
            session = state.session

            def card() -> TenderResult:
                payment_id = existing or tenders.start_card(staff, request)
                return tenders.authorize_card(staff, payment_id,
                                              lambda e: self._progress(session, e))

            self._go(CounterScreen.PROCESSING, progress="", progress_text="")
            self._job(card, self._done_tender)

    def _progress(self, session: int, event: ProgressEvent) -> None:
        if event.kind is not ProgressKind.REFERENCE and self.state.session == session:
            self._last_touch = self._clock()
            self._set(progress=event.kind.value, progress_text=event.text)

    def cancel_card(self) -> None:
        if self.state.screen is CounterScreen.PROCESSING:
            self._set(progress="canceling")
            self.services.tenders.cancel_card()

    def _done_tender(self, result: Any) -> None:
        if isinstance(result, AmountRefused):
            self._go(CounterScreen.TENDER, message=result.code
                     if isinstance(result, TenderRefused) else f"amount_{result.code}")
        elif not self._fail(result, CounterScreen.TENDER):
            self._go(CounterScreen.RESULT, result=result, receipt_text="", print_ok=None)

    # -- receipts -----------------------------------------------------------------------
    def print_receipt(self) -> None:
        result = self.state.result
        if result is not None and result.approved:
            self.reprint(result.payment_id, reprint=False)

    def reprint(self, payment_id: str, reprint: bool = True) -> None:
        """Print a receipt rebuilt from the ledger (any payment: the reprint button)."""
        staff = self._signed_in()
        if staff is None or self.state.busy:
            return
        tenders = self.services.tenders

        def done(result: Any) -> None:
            if self._fail(result):
                return
            printed, text = result
            self._set(busy=False, receipt_text=text, print_ok=printed.ok,
                      message="" if printed.ok else "printer_failed")

        self._job(lambda: tenders.print_receipt(staff, payment_id, reprint), done)
