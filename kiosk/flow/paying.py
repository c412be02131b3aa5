"""Paying: the amount, the way to pay, the card terminal or a QR code for the phone."""

from __future__ import annotations

import threading
from typing import Any

from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind
from kiosk.flow.core import SessionCore
from kiosk.flow.view import ResultView, Screen
from kiosk.payments.policy import AmountRefused
from kiosk.payments.service import AttemptResult, PaymentRequest
from kiosk.ports.terminal import ProgressEvent, ProgressKind

MAX_AMOUNT_DIGITS = 7  # $99,999.99


class PaySteps(SessionCore):
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
        """Check the amount with the core's own policy, then ask which ways to pay work."""
        self.touch()
        statement = self.state.statement
        if statement is None or self.state.busy:
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
        self._set(amount=amount)
        self._offer_methods()

    def _offer_methods(self) -> None:
        """The method screen shows only what works now (a reader may be offline)."""
        options = self.services.options
        if options is None:
            self._go(Screen.METHOD, methods=("card", "phone") if self.settings.pay_on_phone
                     else ("card",), offline=False, portal_url="")
            return

        def done(result: Any) -> None:
            if isinstance(result, BaseException):
                self._go(Screen.METHOD, methods=(), offline=True, portal_url="")
                return
            methods = tuple(m for m, ok in (("card", result.card), ("phone", result.phone))
                            if ok)
            self._go(Screen.METHOD, methods=methods, offline=result.offline,
                     portal_url=result.portal_url)

        self._job(options, done)

    # -- the card terminal ----------------------------------------------------
    def choose_method(self, method: str) -> None:
        self.touch()
        state = self.state
        if method not in state.methods or state.amount is None or state.busy:
            return
        self._method = method
        if method == "phone":
            self._pay_by_phone()
            return
        self._go(Screen.PROCESSING, progress="", progress_text="", result=None)
        self._job(self._sell, self._done_sale)

    def _request(self, method: str) -> PaymentRequest:
        patient, amount, statement = self._patient, self.state.amount, self.state.statement
        if patient is None or amount is None or statement is None:
            raise RuntimeError("no patient or amount")
        return PaymentRequest(
            patient_id=patient.id, display_name=patient.display_name, amount=amount,
            statement_balance=statement.total_due, kind=self._kind, method=method,
            session_ref=self._session_ref,
            statement_code=self._statement_code,
        )

    def _sell(self) -> AttemptResult:
        payments = self.services.payments
        if self._payment_id is not None and payments.view(self._payment_id).method != "card":
            self._abandon_payment("patient switched to the card terminal")
            self._payment_id = None
        if self._payment_id is None:
            self._payment_id = payments.start(self._request("card"))
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
        """Cancel: the terminal (the sale reports when it stopped) or the phone page."""
        self.touch()
        if self.state.screen is Screen.PROCESSING:
            self._set(progress="canceling")
            self.services.payments.cancel()
        elif self.state.screen is Screen.PHONE and self._phone_stop is not None:
            self._set(progress="canceling")
            self._phone_stop.set()

    # -- pay on your phone ----------------------------------------------------
    def _pay_by_phone(self) -> None:
        phone = self.services.phone
        if phone is None:
            self._set(message="method_unavailable")
            return
        stop = threading.Event()
        self._phone_stop = stop
        self._go(Screen.PHONE, qr_url="", phone_left_s=0, progress="", result=None)
        payments = self.services.payments

        def open_page() -> Any:
            if self._payment_id is not None and \
                    payments.view(self._payment_id).method != "phone":
                payments.abandon(self._payment_id, "patient switched to pay on the phone")
                self._payment_id = None
            if self._payment_id is None:
                self._payment_id = phone.start(self._request("phone"))
            return phone.open(self._payment_id)

        def opened(attempt: Any) -> None:
            if isinstance(attempt, BaseException) or attempt.link is None:
                self._go(Screen.METHOD, message="method_unavailable", qr_url="")
                return
            self._phone_deadline = self._clock() + phone.wait_s
            self._set(qr_url=attempt.link.url, phone_left_s=int(phone.wait_s), busy=False)
            payment_id = attempt.payment_id
            self.runner.submit(lambda: phone.wait(payment_id, stop),
                               self._only_now(self.state.session, self._done_phone))

        self._job(open_page, opened)

    def _only_now(self, session: int, done: Any) -> Any:
        def finish(result: Any) -> None:
            if self.state.session == session:
                done(result)

        return finish

    def _done_phone(self, attempt: Any) -> None:
        amount = self.state.amount or Money(0)
        self._phone_stop = None
        if isinstance(attempt, BaseException):
            self._go(Screen.RESULT, qr_url="", result=ResultView(False, "unknown", amount))
            return
        self._go(Screen.RESULT, qr_url="", result=ResultView(
            approved=attempt.approved, outcome=attempt.outcome_code, amount=amount,
            card_brand=attempt.card.brand, card_last4=attempt.card.last4,
            can_retry=attempt.can_retry, reference=attempt.payment_id,
        ))

    # -- after a failed attempt -------------------------------------------------
    def try_again(self) -> None:
        result = self.state.result
        if result is None or not result.can_retry:
            return
        method = self._method if self._method in self.state.methods else "card"
        self.choose_method(method)

    def other_method(self) -> None:
        self.touch()
        if self.state.result is not None and self.state.result.can_retry:
            self._offer_methods()

    def give_up(self) -> None:
        self.touch()
        self._abandon_payment("patient gave up")
        self._payment_id = None
        self._go(Screen.THANK_YOU, message="no_payment")
