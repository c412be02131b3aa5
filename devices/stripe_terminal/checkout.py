"""The ``HostedCheckout`` port on Stripe Checkout: "pay on your phone".

Each attempt of a payment gets one Checkout Session, created with the
idempotency key ``<payment id>:checkout:<attempt>``, our payment id as
``client_reference_id`` and in the metadata of the session and of the
PaymentIntent Stripe makes when the patient pays. So the session can always
be found again without its id, and a retried create never makes a second page.

Card payments settle at once; a US bank account (ACH) payment is
``processing`` for a few days: the session is ``complete`` but ``unpaid``
until the bank answers. That is the PROCESSING state, which the core keeps as
a PENDING payment and settles later.

A session lives at least 30 minutes at Stripe (its floor for ``expires_at``);
the kiosk expires it explicitly as soon as the patient cancels or walks away,
so a photographed QR code cannot be paid later.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import stripe

from devices.stripe_terminal import intents
from devices.stripe_terminal.client import StripeSettings, key_mode, make_client
from devices.stripe_terminal.errors import classify
from kiosk.domain.money import Money
from kiosk.domain.payment import CardDetails
from kiosk.ports.checkout import (
    CheckoutLink,
    CheckoutOpened,
    CheckoutState,
    CheckoutStatus,
)
from kiosk.ports.health import Health

_NO_KEY = "no Stripe API key: set the stripe_api_key secret"
#: A session lives at most 24 hours; look a little further back when finding one by our id.
_FIND_LOOKBACK_S = 25 * 3600
#: When several sessions belong to one payment, the most telling state wins.
_PRECEDENCE = (CheckoutState.PAID, CheckoutState.PROCESSING, CheckoutState.OPEN,
               CheckoutState.FAILED, CheckoutState.EXPIRED)


class StripeCheckout:
    name = "stripe-checkout"

    def __init__(self, api_key: str | None, settings: StripeSettings, terminal_id: str,
                 success_url: str = "", bank_payments: bool = True) -> None:
        self.settings = settings
        self.terminal_id = terminal_id
        self.success_url = success_url
        self.bank_payments = bank_payments
        self._key_mode = key_mode(api_key) if api_key else ""
        self._client = make_client(api_key, settings) if api_key else None

    def create(self, payment_id: str, attempt: int, amount: Money, description: str,
               expires_in_s: int) -> CheckoutOpened:
        if self._client is None:
            return CheckoutOpened(None, _NO_KEY)
        metadata = {intents.METADATA_PAYMENT_ID: payment_id, intents.METADATA_METHOD: "phone",
                    intents.METADATA_TERMINAL: self.terminal_id, "kiosk_attempt": str(attempt)}
        types = ["card", "us_bank_account"] if self.bank_payments else ["card"]
        try:
            session = self._client.v1.checkout.sessions.create(
                params={
                    "mode": "payment",
                    "allowed_payment_method_types": types,
                    "line_items": [{"quantity": 1, "price_data": {
                        "currency": amount.currency.lower(), "unit_amount": amount.cents,
                        "product_data": {"name": description}}}],
                    "client_reference_id": payment_id,
                    "metadata": metadata,
                    "payment_intent_data": {"metadata": metadata, "description": description},
                    "expires_at": int(time.time()) + expires_in_s,
                    **({"success_url": self.success_url} if self.success_url else {}),
                },
                options={"idempotency_key": f"{payment_id}:checkout:{attempt}"},
            )
        except stripe.StripeError as exc:
            return CheckoutOpened(None, classify(exc, "creating the Checkout Session")
                                  .staff_message + "; no page was shown, nothing can be paid")
        if not session.url:
            return CheckoutOpened(None, f"Checkout Session {session.id} has no URL")
        return CheckoutOpened(CheckoutLink(session.url, session.id,
                                           datetime.fromtimestamp(session.expires_at, UTC)))

    def status(self, payment_id: str, processor_ref: str = "") -> CheckoutStatus:
        if self._client is None:
            return CheckoutStatus(CheckoutState.UNKNOWN, processor_ref, staff_message=_NO_KEY)
        try:
            found = self._sessions(payment_id, processor_ref)
            if not found:
                return CheckoutStatus(CheckoutState.NOT_FOUND,
                                      staff_message="no Checkout Session for this payment")
            return self._best([self._state(s) for s in found])
        except stripe.StripeError as exc:
            return CheckoutStatus(CheckoutState.UNKNOWN, processor_ref,
                                  staff_message=classify(exc, "reading the Checkout Session")
                                  .staff_message)

    def expire(self, payment_id: str, processor_ref: str = "") -> CheckoutStatus:
        if self._client is None:
            return CheckoutStatus(CheckoutState.UNKNOWN, processor_ref, staff_message=_NO_KEY)
        try:
            found = self._sessions(payment_id, processor_ref)
            for session in found:
                if session.status == "open":
                    try:
                        self._client.v1.checkout.sessions.expire(session.id)
                    except stripe.StripeError as exc:
                        problem = classify(exc, "expiring the Checkout Session")
                        if problem.transient:
                            raise
                        # Refused: most likely the patient paid a moment ago. Read it again.
            if not found:
                return CheckoutStatus(CheckoutState.NOT_FOUND,
                                      staff_message="no Checkout Session for this payment")
            return self._best([self._state(self._retrieve(s.id)) for s in found])
        except stripe.StripeError as exc:
            return CheckoutStatus(CheckoutState.UNKNOWN, processor_ref,
                                  staff_message=classify(exc, "expiring the Checkout Session")
                                  .staff_message + "; the page may still be payable")

    def probe(self) -> Health:
        if self._client is None:
            return Health.bad(_NO_KEY)
        try:
            self._client.v1.checkout.sessions.list(params={"limit": 1})
        except stripe.StripeError as exc:
            return Health.bad(classify(exc, "checking Stripe Checkout").staff_message)
        return Health.good(f"Stripe Checkout reachable ({self._key_mode} key)")

    def close(self) -> None:
        return None

    # -- helpers ----------------------------------------------------------------
    def _retrieve(self, session_id: str) -> stripe.checkout.Session:
        assert self._client is not None
        return self._client.v1.checkout.sessions.retrieve(
            session_id, params={"expand": ["payment_intent.latest_charge"]})

    def _sessions(self, payment_id: str, ref: str) -> list[stripe.checkout.Session]:
        """The session by its id, or every recent session carrying our payment id."""
        assert self._client is not None
        if ref:
            return [self._retrieve(ref)]
        since = int(time.time()) - _FIND_LOOKBACK_S
        ids: list[str] = []
        page = self._client.v1.checkout.sessions.list(
            params={"created": {"gte": since}, "limit": 100})
        for _ in range(10):
            ids.extend(s.id for s in page.data if s.client_reference_id == payment_id)
            if not page.has_more or not page.data:
                break
            page = self._client.v1.checkout.sessions.list(
                params={"created": {"gte": since}, "limit": 100,
                        "starting_after": page.data[-1].id})
        return [self._retrieve(i) for i in ids]

    def _state(self, session: stripe.checkout.Session) -> CheckoutStatus:
        intent = session.payment_intent if isinstance(session.payment_intent,
                                                      stripe.PaymentIntent) else None
        intent_id = intent.id if intent else ""
        card = intents.card_details(intent) if intent else CardDetails()
        if session.status == "open":
            return CheckoutStatus(CheckoutState.OPEN, session.id,
                                  staff_message=f"Checkout Session {session.id} is open")
        if session.status == "expired":
            return CheckoutStatus(CheckoutState.EXPIRED, session.id,
                                  staff_message=f"Checkout Session {session.id} expired unpaid")
        if session.payment_status == "paid" or (intent and intent.status == "succeeded"):
            return CheckoutStatus(CheckoutState.PAID, session.id, intent_id, card,
                                  f"paid on the phone: PaymentIntent {intent_id}")
        if intent is not None and intent.status in ("requires_payment_method", "canceled"):
            code = intents.decline_code(intent) or intent.status
            return CheckoutStatus(CheckoutState.FAILED, session.id, intent_id, card,
                                  f"bank payment failed ({code}): PaymentIntent {intent_id}")
        return CheckoutStatus(CheckoutState.PROCESSING, session.id, intent_id, card,
                              f"bank payment processing: PaymentIntent {intent_id or '?'}")

    @staticmethod
    def _best(states: list[CheckoutStatus]) -> CheckoutStatus:
        return min(states, key=lambda s: _PRECEDENCE.index(s.state)
                   if s.state in _PRECEDENCE else len(_PRECEDENCE))
