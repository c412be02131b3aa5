"""One card sale on a Stripe smart reader, driven from the server side.

The steps, and why each is where it is:

1. Create the PaymentIntent with our payment id as the idempotency key and in
   its metadata. A retry of the same payment (after a decline, a cancel or a
   lost answer) sends the same key with the same parameters, so Stripe answers
   with the *same* PaymentIntent: one payment never gets a second one.
2. Report its id at once (``ProgressKind.REFERENCE``) so the core stores it
   before the reader is touched, then read its *current* status (a replayed
   answer is the PaymentIntent as it was at creation).
3. Show the cart, then hand the PaymentIntent to the reader
   (``process_payment_intent``). Until this call is sent no card can be
   charged, so every failure before it is a clean "nothing taken".
4. Poll the reader's action and the PaymentIntent until the action ends or the
   deadline passes; on a patient cancel, an idle timeout or the deadline, send
   ``cancel_action`` and keep watching: the PaymentIntent's status is the
   truth, also when a card was approved at the last moment.

A reader timeout (``terminal_reader_timeout``) or a lost answer to step 3 can
be a false negative: the reader may be waiting for a card after all. The
reader and the PaymentIntent are checked before anything is called a failure.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from dataclasses import dataclass

import stripe

from devices.stripe_terminal import intents
from devices.stripe_terminal.errors import Kind, Problem, classify
from kiosk import crashpoints
from kiosk.domain.money import Money
from kiosk.ports.terminal import (
    ProgressCallback,
    ProgressEvent,
    ProgressKind,
    SaleOutcome,
    SaleResult,
)

_EXPAND = ["latest_charge"]


@dataclass(frozen=True, slots=True)
class SaleSettings:
    reader_id: str
    terminal_id: str
    line_item: str
    show_cart: bool
    timeout_s: float  # the whole sale, from hand-off to the end of the reader's action
    poll_interval_s: float
    cancel_grace_s: float  # how long to watch after cancel_action for the final state


class SaleRun:
    """One ``sale`` call. Not reusable; blocks its caller."""

    def __init__(self, client: stripe.StripeClient, settings: SaleSettings, payment_id: str,
                 amount: Money, on_progress: ProgressCallback, cancel: threading.Event) -> None:
        self.client = client
        self.s = settings
        self.payment_id = payment_id
        self.amount = amount
        self.on_progress = on_progress
        self.cancel = cancel
        self.intent_id = ""

    # -- steps 1 to 3 ---------------------------------------------------------
    def run(self) -> SaleResult:
        try:
            intent = self.client.v1.payment_intents.create(
                params={
                    "amount": self.amount.cents,
                    "currency": self.amount.currency.lower(),
                    "allowed_payment_method_types": ["card_present"],
                    "capture_method": "manual",
                    "description": self.s.line_item,
                    "metadata": {intents.METADATA_PAYMENT_ID: self.payment_id,
                                 intents.METADATA_METHOD: "card",
                                 intents.METADATA_TERMINAL: self.s.terminal_id},
                },
                options={"idempotency_key": self.payment_id},
            )
        except stripe.StripeError as exc:
            return self._not_started(classify(exc, "creating the PaymentIntent"))
        self.intent_id = intent.id
        crashpoints.reached("stripe.intent_created")
        self.on_progress(ProgressEvent(ProgressKind.REFERENCE, processor_ref=intent.id))
        try:
            intent = self._intent()
        except stripe.StripeError as exc:
            return self._not_started(classify(exc, "reading the PaymentIntent"))
        if intent.status in intents.APPROVED_STATUSES:
            return self._approved(intent, "approved before this attempt")
        if intent.status not in intents.REUSABLE_STATUSES:
            return self._wrong_state(intent)
        if self.cancel.is_set():
            return self._result(SaleOutcome.CANCELED, "canceled before the reader was asked")
        if self.s.show_cart:
            self._show_cart()
        return self._hand_off()

    def _show_cart(self) -> None:
        """Best effort: the reader shows the total itself when processing starts."""
        # A failure here is not reported: process_payment_intent reports the reader's state.
        with contextlib.suppress(stripe.StripeError):
            self.client.v1.terminal.readers.set_reader_display(self.s.reader_id, params={
                "type": "cart",
                "cart": {"currency": self.amount.currency.lower(), "total": self.amount.cents,
                         "line_items": [{"description": self.s.line_item,
                                         "amount": self.amount.cents, "quantity": 1}]},
            })

    def _hand_off(self) -> SaleResult:
        try:
            self.client.v1.terminal.readers.process_payment_intent(
                self.s.reader_id,
                params={"payment_intent": self.intent_id,
                        "process_config": {"skip_tipping": True,
                                           "enable_customer_cancellation": True}},
                options={"idempotency_key": f"{self.payment_id}:process:{uuid.uuid4().hex}"},
            )
        except stripe.StripeError as exc:
            problem = classify(exc, "handing the payment to the reader")
            if problem.kind is Kind.READER_OFFLINE:
                return self._result(SaleOutcome.CANCELED,
                                    f"reader {self.s.reader_id} is offline (power or network); "
                                    "nothing was charged")
            if problem.kind is Kind.WRONG_STATE:
                return self._recheck_intent(problem)
            if problem.kind is Kind.AUTH:
                return self._result(SaleOutcome.CANCELED, problem.staff_message)
            # Busy, a reader timeout or a lost answer: the reader may be running *our*
            # action after all. Look before calling it a failure.
            mine = self._reader_runs_ours()
            if mine is None:
                return self._result(SaleOutcome.UNKNOWN,
                                    f"{problem.staff_message}; the reader could not be checked")
            if not mine:
                return self._recheck_intent(problem)
        crashpoints.reached("stripe.handed_off")
        self.on_progress(ProgressEvent(ProgressKind.PRESENT_CARD,
                                       "Insert, tap or swipe your card on the reader"))
        return self._poll()

    # -- step 4 -----------------------------------------------------------------
    def _poll(self) -> SaleResult:
        deadline = time.monotonic() + self.s.timeout_s
        grace_until: float | None = None
        why_canceled = ""
        last_problem = ""
        while True:
            crashpoints.reached("stripe.polling")
            now = time.monotonic()
            if grace_until is None and (self.cancel.is_set() or now >= deadline):
                why_canceled = ("canceled by the patient or the kiosk" if self.cancel.is_set()
                                else f"no card within {self.s.timeout_s:.0f} s")
                last_problem = self._cancel_action() or last_problem
                grace_until = now + self.s.cancel_grace_s
            elif grace_until is not None and now >= grace_until:
                return self._after_grace(why_canceled, last_problem)
            try:
                reader = self.client.v1.terminal.readers.retrieve(self.s.reader_id)
            except stripe.StripeError as exc:
                last_problem = classify(exc, "polling the reader").staff_message
                self._sleep()
                continue
            action = reader.action
            ours = action is not None and action.type == "process_payment_intent" and \
                _action_intent(action) == self.intent_id
            if ours and action is not None and action.status == "in_progress":
                self._sleep()
                continue
            self.on_progress(ProgressEvent(ProgressKind.PROCESSING, "Processing"))
            try:
                intent = self._intent()
            except stripe.StripeError as exc:
                last_problem = classify(exc, "reading the PaymentIntent").staff_message
                self._sleep()
                continue
            if intent.status in intents.APPROVED_STATUSES:
                return self._approved(intent, "reader action finished")
            if intent.status == "processing":
                self._sleep()
                continue
            if ours and action is not None and action.status == "failed":
                return self._failed_action(action, intent)
            if ours and action is not None and action.status == "succeeded":
                self._sleep()  # the PaymentIntent lags the reader for a moment
                continue
            if why_canceled:
                return self._result(SaleOutcome.CANCELED, f"{why_canceled}; reader action "
                                    "canceled, nothing charged")
            return self._result(SaleOutcome.CANCELED,
                                "the reader's action was cleared (reader restarted or taken "
                                f"by another request); PaymentIntent {self.intent_id} is "
                                f"{intent.status}, nothing charged")

    def _after_grace(self, why: str, problem: str) -> SaleResult:
        """Cancel was sent but the end was not seen in time: one last look, else unknown."""
        try:
            intent = self._intent()
        except stripe.StripeError as exc:
            failure = classify(exc, "reading the PaymentIntent")
            return self._result(SaleOutcome.UNKNOWN, f"{why}; {failure.staff_message}")
        if intent.status in intents.APPROVED_STATUSES:
            return self._approved(intent, "approved while being canceled")
        return self._result(SaleOutcome.UNKNOWN,
                            f"{why}; cancel_action sent but the reader did not confirm within "
                            f"{self.s.cancel_grace_s:.0f} s ({problem or 'still in progress'})")

    def _failed_action(self, action: stripe.terminal.Reader.Action,
                       intent: stripe.PaymentIntent) -> SaleResult:
        code = action.failure_code or ""
        api_error = action.api_error
        if code == "card_declined" or (api_error is not None and api_error.type == "card_error"):
            decline = (api_error.decline_code if api_error is not None else None) or \
                intents.decline_code(intent) or code
            return SaleResult(SaleOutcome.DECLINED, processor_ref=self.intent_id,
                              decline_code=decline,
                              staff_message=f"declined by the issuer ({decline}); the same "
                                            f"PaymentIntent {self.intent_id} can take another "
                                            "card")
        return self._result(SaleOutcome.CANCELED,
                            f"reader action failed: {code or 'no code'}: "
                            f"{action.failure_message or ''}".strip())

    # -- helpers --------------------------------------------------------------
    def _intent(self) -> stripe.PaymentIntent:
        return self.client.v1.payment_intents.retrieve(self.intent_id,
                                                       params={"expand": _EXPAND})

    def _approved(self, intent: stripe.PaymentIntent, how: str) -> SaleResult:
        crashpoints.reached("terminal.charged")
        return intents.approved(intent, how)

    def _reader_runs_ours(self) -> bool | None:
        """Is the reader running an action for our PaymentIntent? None: could not ask."""
        try:
            reader = self.client.v1.terminal.readers.retrieve(self.s.reader_id)
        except stripe.StripeError:
            return None
        action = reader.action
        return action is not None and action.type == "process_payment_intent" and \
            action.status == "in_progress" and _action_intent(action) == self.intent_id

    def _recheck_intent(self, problem: Problem) -> SaleResult:
        """The reader is not running ours: the PaymentIntent says whether money moved."""
        try:
            intent = self._intent()
        except stripe.StripeError as exc:
            return self._result(SaleOutcome.UNKNOWN, f"{problem.staff_message}; then "
                                f"{classify(exc, 'reading the PaymentIntent').staff_message}")
        if intent.status in intents.APPROVED_STATUSES:
            return self._approved(intent, "found after a reader error")
        if intent.status not in intents.REUSABLE_STATUSES:
            return self._wrong_state(intent)
        if problem.kind is Kind.READER_BUSY:
            return self._result(SaleOutcome.CANCELED,
                                f"reader {self.s.reader_id} is busy with another action; "
                                "nothing was charged (try again when it is free)")
        if problem.kind is Kind.READER_TIMEOUT:
            return self._result(SaleOutcome.CANCELED,
                                f"reader {self.s.reader_id} did not answer in time; checked: it "
                                "is not processing this payment and nothing was charged")
        return self._result(SaleOutcome.CANCELED,
                            f"{problem.staff_message}; checked: the reader is not processing "
                            "this payment and nothing was charged")

    def _wrong_state(self, intent: stripe.PaymentIntent) -> SaleResult:
        return self._result(SaleOutcome.CANCELED,
                            f"PaymentIntent {intent.id} is {intent.status} and cannot take a "
                            "card; start a new payment")

    def _cancel_action(self) -> str:
        """Ask the reader to stop our action; returns what went wrong, or ""."""
        try:
            self.client.v1.terminal.readers.cancel_action(self.s.reader_id)
        except stripe.StripeError as exc:
            return classify(exc, "canceling the reader action").staff_message
        return ""

    def _not_started(self, problem: Problem) -> SaleResult:
        """Failed before the reader was asked: no card could have been charged."""
        return self._result(SaleOutcome.CANCELED,
                            f"{problem.staff_message}; the reader was not asked, nothing "
                            "was charged")

    def _result(self, outcome: SaleOutcome, message: str) -> SaleResult:
        return SaleResult(outcome, processor_ref=self.intent_id, staff_message=message)

    def _sleep(self) -> None:
        """Wait one poll interval; a cancel request wakes the wait early (once)."""
        if self.cancel.is_set():
            time.sleep(self.s.poll_interval_s)
        else:
            self.cancel.wait(self.s.poll_interval_s)


def _action_intent(action: stripe.terminal.Reader.Action) -> str:
    process = action.process_payment_intent
    if process is None:
        return ""
    target = process.payment_intent
    return target if isinstance(target, str) else target.id
