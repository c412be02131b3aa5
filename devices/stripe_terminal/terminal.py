"""The ``CardTerminal`` port on a Stripe smart reader (BBPOS WisePOS E, Stripe Reader S700).

Server-driven: the kiosk talks only to Stripe's API; Stripe talks to the
reader. Our payment id is the PaymentIntent's idempotency key and sits in its
metadata, so every question about a payment (``query``, ``capture``,
``refund``) can find its PaymentIntent again, and a payment never gets a
second one. Server-driven readers have no offline mode: when Stripe cannot be
reached, ``sale`` ends before the reader is asked ("nothing charged") and
``probe`` says so, which is how the kiosk knows to offer pay-on-phone or the
front desk instead.
"""

from __future__ import annotations

import contextlib
import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import stripe

from devices.stripe_terminal import intents
from devices.stripe_terminal.client import StripeSettings, key_mode, make_client
from devices.stripe_terminal.errors import Kind, classify
from devices.stripe_terminal.sale import SaleRun, SaleSettings
from kiosk.domain.money import Money
from kiosk.ports.health import Health
from kiosk.ports.terminal import (
    CaptureOutcome,
    CaptureResult,
    ProgressCallback,
    RefundOutcome,
    RefundResult,
    SaleOutcome,
    SaleResult,
    TerminalTotals,
)

_NO_KEY = ("no Stripe API key: set the stripe_api_key secret (KIOSK_SECRET_STRIPE_API_KEY, a "
           "systemd credential, or `kiosk secrets set stripe_api_key`)")


class StripeTerminal:
    name = "stripe"

    def __init__(self, api_key: str | None, settings: StripeSettings, sale: SaleSettings,
                 location_id: str = "", currency: str = "USD", timezone: str = "UTC",
                 pay_on_phone: bool = False) -> None:
        self.settings = settings
        self.sale_settings = sale
        self.location_id = location_id
        self.currency = currency
        self.timezone = timezone
        #: Whether the kiosk may offer "pay on your phone" (a Stripe Checkout page).
        self.supports_pay_on_phone = pay_on_phone
        self._key_mode = key_mode(api_key) if api_key else ""
        self._client = make_client(api_key, settings) if api_key else None
        self._cancel = threading.Event()
        self._busy = threading.Lock()

    # -- the sale -------------------------------------------------------------
    def sale(self, payment_id: str, amount: Money, on_progress: ProgressCallback) -> SaleResult:
        if self._client is None:
            return SaleResult(SaleOutcome.CANCELED, staff_message=_NO_KEY)
        if not self._busy.acquire(blocking=False):
            return SaleResult(SaleOutcome.CANCELED,
                              staff_message="this kiosk is already running a sale on the reader")
        try:
            self._cancel.clear()
            return SaleRun(self._client, self.sale_settings, payment_id, amount, on_progress,
                           self._cancel).run()
        finally:
            self._busy.release()

    def cancel(self) -> None:
        self._cancel.set()

    # -- after the sale -------------------------------------------------------
    def query(self, payment_id: str, processor_ref: str = "") -> SaleResult:
        """The PaymentIntent's status, after ending any reader action still running for it."""
        client = self._client
        if client is None:
            return SaleResult(SaleOutcome.UNKNOWN, staff_message=_NO_KEY)
        try:
            ids = [processor_ref] if processor_ref else intents.find(client, payment_id, "card")
            if not ids:
                return SaleResult(SaleOutcome.NOT_FOUND,
                                  staff_message="Stripe has no PaymentIntent for this payment")
            found = [client.v1.payment_intents.retrieve(i, params={"expand": ["latest_charge"]})
                     for i in ids]
            intent = next((i for i in found if i.status in intents.APPROVED_STATUSES), found[0])
            if intent.status in intents.REUSABLE_STATUSES and not self._settle_reader(intent.id):
                return SaleResult(SaleOutcome.UNKNOWN, processor_ref=intent.id,
                                  staff_message=f"reader {self.sale_settings.reader_id} is "
                                                f"still processing PaymentIntent {intent.id}")
            intent = client.v1.payment_intents.retrieve(intent.id,
                                                        params={"expand": ["latest_charge"]})
        except stripe.StripeError as exc:
            problem = classify(exc, "looking up the payment")
            return SaleResult(SaleOutcome.UNKNOWN, processor_ref=processor_ref,
                              staff_message=problem.staff_message)
        result = intents.settled_outcome(intent)
        if len(ids) > 1:
            note = f"; WARNING: {len(ids)} PaymentIntents carry this payment id"
            result = SaleResult(result.outcome, result.card, result.processor_ref,
                                result.staff_message + note, result.decline_code)
        return result

    def _settle_reader(self, intent_id: str) -> bool:
        """If the reader still runs an action for this PaymentIntent, end it. False: could not."""
        assert self._client is not None
        reader_id = self.sale_settings.reader_id
        deadline = time.monotonic() + self.sale_settings.cancel_grace_s
        canceled = False
        while True:
            reader = self._client.v1.terminal.readers.retrieve(reader_id)
            action = reader.action
            running = action is not None and action.status == "in_progress" and \
                action.process_payment_intent is not None and \
                _target(action.process_payment_intent.payment_intent) == intent_id
            if not running:
                return True
            if time.monotonic() >= deadline:
                return False
            if not canceled:
                try:
                    self._client.v1.terminal.readers.cancel_action(reader_id)
                    canceled = True
                except stripe.StripeError:
                    pass
            time.sleep(self.sale_settings.poll_interval_s)

    def capture(self, payment_id: str, amount: Money, processor_ref: str = "") -> CaptureResult:
        client = self._client
        if client is None:
            return CaptureResult(CaptureOutcome.UNKNOWN, _NO_KEY)
        try:
            ref = processor_ref or _first(intents.find(client, payment_id, "card"))
            if not ref:
                return CaptureResult(CaptureOutcome.FAILED,
                                     "Stripe has no PaymentIntent for this payment to capture")
            intent = client.v1.payment_intents.capture(
                ref, params={"amount_to_capture": amount.cents},
                options={"idempotency_key": f"{payment_id}:capture"})
            if intent.status == "succeeded":
                return CaptureResult(CaptureOutcome.CAPTURED, f"PaymentIntent {ref} captured")
        except stripe.StripeError as exc:
            problem = classify(exc, "capturing")
            if problem.transient or problem.kind is Kind.AUTH:
                return CaptureResult(CaptureOutcome.UNKNOWN, problem.staff_message)
            if not processor_ref and problem.kind is Kind.NOT_FOUND:
                return CaptureResult(CaptureOutcome.UNKNOWN, problem.staff_message)
        # Refused or odd: the PaymentIntent's status says whether it is captured.
        try:
            intent = client.v1.payment_intents.retrieve(ref)
        except stripe.StripeError as exc:
            return CaptureResult(CaptureOutcome.UNKNOWN,
                                 classify(exc, "checking a capture").staff_message)
        if intent.status == "succeeded":
            return CaptureResult(CaptureOutcome.CAPTURED, f"PaymentIntent {ref} was captured")
        if intent.status == "requires_capture":
            return CaptureResult(CaptureOutcome.UNKNOWN,
                                 f"PaymentIntent {ref} still awaits capture")
        return CaptureResult(CaptureOutcome.FAILED,
                             f"PaymentIntent {ref} is {intent.status}: the authorisation was "
                             "canceled or expired; no money moved")

    def refund(self, payment_id: str, amount: Money, refund_id: str,
               processor_ref: str = "") -> RefundResult:
        client = self._client
        if client is None:
            return RefundResult(RefundOutcome.UNKNOWN, staff_message=_NO_KEY)
        try:
            ref = processor_ref or _first(intents.find(client, payment_id))
            if not ref:
                return RefundResult(RefundOutcome.FAILED,
                                    staff_message="Stripe has no PaymentIntent for this payment")
            # Idempotency keys live 24 hours at Stripe; the refund's own metadata lasts.
            done = client.v1.refunds.list(params={"payment_intent": ref, "limit": 100})
            for existing in done.data:
                if intents.metadata(existing).get("kiosk_refund_id") == refund_id:
                    return _refund_result(existing, "already refunded")
            refund = client.v1.refunds.create(
                params={"payment_intent": ref, "amount": amount.cents,
                        "reason": "requested_by_customer",
                        "metadata": {intents.METADATA_PAYMENT_ID: payment_id,
                                     "kiosk_refund_id": refund_id}},
                options={"idempotency_key": f"refund:{refund_id}"})
        except stripe.StripeError as exc:
            problem = classify(exc, "refunding")
            outcome = RefundOutcome.UNKNOWN if problem.transient or problem.kind is Kind.AUTH \
                else RefundOutcome.FAILED
            return RefundResult(outcome, staff_message=problem.staff_message)
        return _refund_result(refund, "refunded")

    def end_of_day(self) -> TerminalTotals:
        """Today's (clinic time) kiosk payments that Stripe holds, net of refunds."""
        zero = Money.zero(self.currency)
        client = self._client
        if client is None:
            return TerminalTotals(0, zero, f"totals unavailable: {_NO_KEY}")
        zone = ZoneInfo(self.timezone)
        start = datetime.now(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        since = int(start.timestamp())
        count, net, by_method = 0, 0, {"card": 0, "phone": 0}
        try:
            page = client.v1.payment_intents.list(params={
                "created": {"gte": since}, "limit": 100, "expand": ["data.latest_charge"]})
            for _ in range(50):
                for intent in page.data:
                    metadata = intents.metadata(intent)
                    if intent.status != "succeeded" or intents.METADATA_PAYMENT_ID not in metadata \
                            or intent.currency.upper() != self.currency:
                        continue
                    charge = intent.latest_charge
                    refunded = charge.amount_refunded if isinstance(charge, stripe.Charge) else 0
                    count += 1
                    net += intent.amount_received - refunded
                    method = metadata.get(intents.METADATA_METHOD, "card")
                    by_method[method] = by_method.get(method, 0) + 1
                if not page.has_more or not page.data:
                    break
                page = client.v1.payment_intents.list(params={
                    "created": {"gte": since}, "limit": 100, "expand": ["data.latest_charge"],
                    "starting_after": page.data[-1].id})
        except stripe.StripeError as exc:
            return TerminalTotals(0, zero, "totals unavailable: "
                                  + classify(exc, "listing today's payments").staff_message)
        return TerminalTotals(count, Money(net, self.currency),
                              f"Stripe: {by_method['card']} card and {by_method['phone']} phone "
                              f"payments since {start.isoformat()}, net of refunds")

    def probe(self) -> Health:
        """Key accepted, reader known, online and at the configured location. Reads only."""
        client = self._client
        if client is None:
            return Health.bad(_NO_KEY)
        reader_id = self.sale_settings.reader_id
        try:
            reader = client.v1.terminal.readers.retrieve(reader_id)
        except stripe.StripeError as exc:
            problem = classify(exc, f"reading reader {reader_id}")
            if problem.kind is Kind.NOT_FOUND:
                return Health.bad(f"reader {reader_id} is not on this Stripe account")
            if problem.kind is Kind.UNREACHABLE:
                return Health.bad(f"Stripe unreachable at {self.settings.api_base}: card "
                                  "payments are not possible (offer pay on your phone or the "
                                  "front desk)")
            return Health.bad(problem.staff_message)
        label = f"{reader.label} ({reader.device_type}, {reader.id})"
        if reader.status != "online":
            return Health.bad(f"reader {label} is {reader.status or 'in an unknown state'}: "
                              "check its power and network")
        location = reader.location
        location_id = location if isinstance(location, str) else (location.id if location else "")
        if self.location_id and location_id != self.location_id:
            return Health.bad(f"reader {label} is registered at location "
                              f"{location_id or '(none)'}, not {self.location_id} as configured")
        place = location_id or "no location"
        if location_id:
            with contextlib.suppress(stripe.StripeError):
                name = client.v1.terminal.locations.retrieve(location_id).display_name
                place = f"{name} ({location_id})"
        return Health.good(f"Stripe {self._key_mode} key accepted; reader {label} online at "
                           f"{place}")

    def close(self) -> None:
        self._cancel.set()


def _first(ids: list[str]) -> str:
    return ids[0] if ids else ""


def _target(value: str | stripe.PaymentIntent) -> str:
    return value if isinstance(value, str) else value.id


def _refund_result(refund: stripe.Refund, how: str) -> RefundResult:
    if refund.status in ("succeeded", "pending", "requires_action"):
        note = "" if refund.status == "succeeded" else f" (Stripe says {refund.status})"
        return RefundResult(RefundOutcome.REFUNDED, refund_ref=refund.id,
                            staff_message=f"{how}: {refund.id}{note}")
    return RefundResult(RefundOutcome.FAILED, refund_ref=refund.id,
                        staff_message=f"refund {refund.id} is {refund.status}")
