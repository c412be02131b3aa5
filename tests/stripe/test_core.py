"""The payment core with the Stripe reader: ledger, outbox and reconciliation, for real."""

from __future__ import annotations

import threading
import time
from typing import Any

from kiosk.app import App
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind, PaymentStatus
from kiosk.payments.options import payment_options
from kiosk.payments.service import PaymentRequest
from kiosk.ports.terminal import ProgressEvent
from tests.stripe_server import StripeServer
from tests.stripe_server.control import APPROVE, DECLINE, Control

S = PaymentStatus


def copay(cents: int = 2_500) -> PaymentRequest:
    return PaymentRequest(patient_id="P000003", display_name="José N.", amount=Money(cents),
                          statement_balance=None, kind=PaymentKind.COPAY)


def test_a_card_payment_from_start_to_the_pms(stripe_app: Any, control: Control) -> None:
    app: App = stripe_app()
    control.reader(script=[APPROVE])
    payment = app.payments.start(copay(6_100))
    seen: list[ProgressEvent] = []
    result = app.payments.authorize(payment, seen.append)
    assert result.status is S.CAPTURED and result.card.last4 == "4242"
    [intent] = control.intents_for(payment)
    assert intent["status"] == "succeeded" and intent["amount_received"] == 6_100
    view = app.payments.view(payment)
    assert view.processor_ref == intent["id"]
    assert [e.kind.value for e in seen][:2] == ["reference", "present_card"]
    assert app.sync.drain_once().posted == 1


def test_the_payment_intent_id_is_stored_before_the_reader_is_touched(
        stripe_app: Any, control: Control) -> None:
    app: App = stripe_app()
    control.reader(script=["nothing"])
    payment = app.payments.start(copay())
    worker = threading.Thread(target=app.payments.authorize, args=(payment,))
    worker.start()
    deadline = time.monotonic() + 5
    while not control.state()["readers"][0]["action"] and time.monotonic() < deadline:
        time.sleep(0.01)
    stored = app.payments.view(payment).processor_ref  # while the reader waits for a card
    app.payments.cancel()
    worker.join(5)
    assert stored == control.intents_for(payment)[0]["id"]
    assert app.payments.view(payment).status is S.CANCELED


def test_decline_then_approve_is_one_payment_and_one_payment_intent(stripe_app: Any,
                                                                   control: Control) -> None:
    app: App = stripe_app()
    payment = app.payments.start(copay())
    control.reader(script=[DECLINE])
    first = app.payments.authorize(payment)
    assert first.status is S.DECLINED and first.can_retry
    assert "generic_decline" in first.staff_message
    control.reader(script=[APPROVE])
    second = app.payments.authorize(payment)
    assert second.approved
    assert len(control.intents_for(payment)) == 1
    assert app.payments.view(payment).attempts == 2


def test_stripe_down_card_refused_cleanly_and_postings_still_flow(
        stripe_app: Any, control: Control, server: StripeServer) -> None:
    """No offline card mode: when Stripe is down the sale ends before the reader is asked,
    the kiosk can tell (payment_options) and offer the front desk, and postings of payments
    already taken keep going to the PMS."""
    app: App = stripe_app(stripe={"max_network_retries": 0, "connect_timeout_ms": 200})
    control.reader(script=[APPROVE])
    earlier = app.payments.start(copay(1_500))
    assert app.payments.authorize(earlier).status is S.CAPTURED
    server.stop()
    payment = app.payments.start(copay(2_000))
    result = app.payments.authorize(payment)
    assert result.status is S.CANCELED and result.can_retry
    assert "unreachable" in result.staff_message and "nothing was charged" in result.staff_message
    options = payment_options(app.terminal, app.phone, "https://portal.example.org/pay")
    assert options.offline and options.portal_url and options.front_desk
    assert app.sync.drain_once().posted == 1  # the PMS is not Stripe: the queue drains


def test_approved_but_capture_unanswered_keeps_its_posting_and_is_captured_later(
        stripe_app: Any, control: Control) -> None:
    app: App = stripe_app(stripe={"max_network_retries": 0})
    control.reader(script=[APPROVE])
    control.fault("POST", "/v1/payment_intents/.*/capture", "http_500")
    payment = app.payments.start(copay(2_700))
    result = app.payments.authorize(payment)
    assert result.status is S.APPROVED  # approved; capture unknown, retried at start-up
    assert app.sync.drain_once().posted == 1
    report = app.reconcile()
    assert report.captured == 1
    [intent] = control.intents_for(payment)
    assert intent["status"] == "succeeded"


def test_no_card_number_reaches_the_ledger_or_logs(stripe_app: Any, control: Control,
                                                   data_dir: Any,
                                                   caplog: Any) -> None:
    """Real test card numbers go to the (test) reader; only brand and last four come back."""
    import logging

    from tests.helpers import card_numbers_in

    caplog.set_level(logging.DEBUG)
    app: App = stripe_app()
    for card in (DECLINE, APPROVE):
        control.reader(script=[card])
        payment = app.payments.start(copay(2_000))
        app.payments.authorize(payment)
    assert app.phone is not None
    phone_payment = app.phone.start(copay(1_000))
    link = app.phone.open(phone_payment).link
    assert link is not None
    control.pay_page(link.processor_ref)
    app.phone.poll(phone_payment)
    app.sync.drain_once()
    app.close()
    ours = [p for p in data_dir.rglob("*") if p.is_file() and
            (p.name.startswith("ledger.sqlite3") or "audit-anchor" in str(p))]
    scanned = b"".join(path.read_bytes() for path in ours) + caplog.text.encode()
    assert card_numbers_in(scanned) == []
    assert card_numbers_in(APPROVE.encode()) == [APPROVE.encode()]
