"""Pay on your phone: Stripe Checkout through the core's crash-safe lifecycle.

The real core (ledger, outbox, reconciliation) with the Stripe adapter,
against the loopback server; the patient's phone is the server's test hook
that pays a Checkout Session.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import select

from kiosk import crashpoints
from kiosk.app import App
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind, PaymentStatus, PostingKind
from kiosk.ledger.models import OutboxRow, PaymentEventRow
from kiosk.payments.options import payment_options
from kiosk.payments.service import PaymentRequest
from tests.stripe_server import StripeServer
from tests.stripe_server.control import Control

S = PaymentStatus


def copay(cents: int = 2_500, patient: str = "P000003") -> PaymentRequest:
    return PaymentRequest(patient_id=patient, display_name="José N.", amount=Money(cents),
                          statement_balance=None, kind=PaymentKind.COPAY)


def postings(app: App, payment_id: str) -> list[OutboxRow]:
    with app.ledger.read() as session:
        return list(session.scalars(select(OutboxRow).where(OutboxRow.payment_id == payment_id)))


def history(app: App, payment_id: str) -> list[str]:
    with app.ledger.read() as session:
        return [e.to_status for e in session.scalars(
            select(PaymentEventRow).where(PaymentEventRow.payment_id == payment_id)
            .order_by(PaymentEventRow.id))]


def test_paid_by_card_on_the_phone(stripe_app: Any, control: Control) -> None:
    app: App = stripe_app()
    assert app.phone is not None and app.terminal.supports_pay_on_phone
    payment = app.phone.start(copay(4_200))
    opened = app.phone.open(payment)
    assert opened.waiting and opened.link is not None
    assert opened.link.url.startswith("https://checkout.stripe.test/c/pay/cs_test_")
    assert app.payments.view(payment).processor_ref == opened.link.processor_ref
    [session] = control.state()["sessions"]
    assert session["client_reference_id"] == payment
    assert session["allowed_payment_method_types"] == ["card", "us_bank_account"]
    assert 1_790 <= session["expires_at"] - session["created"] <= 1_800
    assert app.phone.poll(payment).waiting
    control.pay_page(session["id"])
    done = app.phone.poll(payment)
    assert done.approved and done.status is S.CAPTURED
    assert done.card.brand == "visa" and done.card.last4 == "4242"
    assert history(app, payment) == ["created", "authorizing", "approved", "captured"]
    [posting] = postings(app, payment)
    assert posting.kind == PostingKind.PAYMENT.value and posting.amount_cents == 4_200
    [intent] = control.intents_for(payment)
    assert intent["metadata"]["kiosk_method"] == "phone"
    assert app.sync.drain_once().posted == 1


def test_wait_returns_when_the_patient_pays(stripe_app: Any, control: Control) -> None:
    app: App = stripe_app()
    assert app.phone is not None
    payment = app.phone.start(copay())
    link = app.phone.open(payment).link
    assert link is not None
    threading.Timer(0.2, lambda: control.pay_page(link.processor_ref)).start()
    result = app.phone.wait(payment, threading.Event(), timeout_s=10)
    assert result.approved


def test_cancel_expires_the_page_and_a_retry_gets_a_new_one(stripe_app: Any,
                                                           control: Control) -> None:
    app: App = stripe_app()
    assert app.phone is not None
    payment = app.phone.start(copay())
    first = app.phone.open(payment).link
    canceled = app.phone.cancel(payment)
    assert canceled.status is S.CANCELED and canceled.can_retry
    assert control.state()["sessions"][0]["status"] == "expired"
    second = app.phone.open(payment).link
    assert first is not None and second is not None
    assert second.processor_ref != first.processor_ref
    control.pay_page(second.processor_ref)
    assert app.phone.poll(payment).approved
    assert app.payments.view(payment).attempts == 2


def test_a_patient_who_paid_just_before_cancel_is_approved(stripe_app: Any,
                                                          control: Control) -> None:
    app: App = stripe_app()
    assert app.phone is not None
    payment = app.phone.start(copay())
    link = app.phone.open(payment).link
    assert link is not None
    control.pay_page(link.processor_ref)  # paid, and the kiosk has not looked yet
    result = app.phone.cancel(payment)
    assert result.approved
    assert len(postings(app, payment)) == 1


def test_wait_gives_up_and_closes_the_page(stripe_app: Any, control: Control) -> None:
    app: App = stripe_app()
    assert app.phone is not None
    payment = app.phone.start(copay())
    app.phone.open(payment)
    stop = threading.Event()
    threading.Timer(0.1, stop.set).start()
    result = app.phone.wait(payment, stop, timeout_s=30)
    assert result.status is S.CANCELED
    assert control.state()["sessions"][0]["status"] == "expired"


def test_the_page_expires_at_stripe(stripe_app: Any, control: Control) -> None:
    app: App = stripe_app()
    assert app.phone is not None
    payment = app.phone.start(copay())
    app.phone.open(payment)
    control.advance(31 * 60)
    assert app.phone.poll(payment).status is S.CANCELED


def test_bank_payment_is_pending_then_settles_at_reconciliation(stripe_app: Any,
                                                                control: Control) -> None:
    app: App = stripe_app()
    assert app.phone is not None
    payment = app.phone.start(copay(3_300, patient="P000004"))
    link = app.phone.open(payment).link
    assert link is not None
    session = control.pay_page(link.processor_ref, method="us_bank_account",
                               outcome="processing")
    pending = app.phone.poll(payment)
    assert pending.status is S.PENDING and pending.outcome_code == "pending"
    assert postings(app, payment) == []  # posted only once the bank has paid
    assert app.payments.payable("P000004", Money(10_000)) == Money(10_000 - 3_300)
    assert app.reconcile().resolved == {}  # still processing: nothing changes
    control.settle(session["payment_intent"], "succeeded")
    report = app.reconcile()
    assert report.resolved == {"pending->captured": 1}
    view = app.payments.view(payment)
    assert view.status is S.CAPTURED and view.card.last4 == "6789"
    assert len(postings(app, payment)) == 1


def test_a_failed_bank_payment_takes_nothing(stripe_app: Any, control: Control) -> None:
    app: App = stripe_app()
    assert app.phone is not None
    payment = app.phone.start(copay(3_300))
    link = app.phone.open(payment).link
    assert link is not None
    session = control.pay_page(link.processor_ref, method="us_bank_account",
                               outcome="processing")
    app.phone.poll(payment)
    control.settle(session["payment_intent"], "failed")
    app.reconcile()
    assert app.payments.view(payment).status is S.ABANDONED
    assert "declined" in history(app, payment)
    assert postings(app, payment) == []


def test_stripe_unreachable_when_opening_takes_nothing(stripe_app: Any,
                                                       server: StripeServer) -> None:
    app: App = stripe_app(stripe={"max_network_retries": 0, "connect_timeout_ms": 200})
    assert app.phone is not None
    payment = app.phone.start(copay())
    server.stop()
    result = app.phone.open(payment)
    assert result.status is S.CANCELED and result.link is None
    assert "unreachable" in result.staff_message


def test_crash_after_the_page_was_made_closes_it_at_restart(stripe_app: Any,
                                                           control: Control) -> None:
    app: App = stripe_app()
    assert app.phone is not None
    payment = app.phone.start(copay())
    crashpoints.arm("phone.page_created", mode="raise")
    try:
        app.phone.open(payment)
    except crashpoints.SimulatedCrash:
        pass
    finally:
        crashpoints.disarm()
    assert app.payments.view(payment).processor_ref == ""  # the page's id was never stored
    restarted: App = stripe_app()
    restarted.reconcile()
    assert control.state()["sessions"][0]["status"] == "expired"  # found by our id, closed
    assert restarted.payments.view(payment).status is S.ABANDONED


def test_a_page_paid_while_the_kiosk_was_down_is_recorded_at_restart(stripe_app: Any,
                                                                    control: Control) -> None:
    app: App = stripe_app()
    assert app.phone is not None
    payment = app.phone.start(copay(1_800))
    link = app.phone.open(payment).link
    assert link is not None
    control.pay_page(link.processor_ref)  # the kiosk died while the patient paid
    report = stripe_app().reconcile()
    assert report.resolved == {"captured": 1}
    assert len(postings(app, payment)) == 1


def test_payment_options_when_parts_fail(stripe_app: Any, control: Control,
                                         server: StripeServer) -> None:
    app: App = stripe_app(stripe={"max_network_retries": 0, "connect_timeout_ms": 200})
    portal = "https://portal.example.org/pay"
    up = payment_options(app.terminal, app.phone, portal)
    assert up.card and up.phone and not up.offline and up.portal_url == ""
    control.reader(status="offline")
    reader_off = payment_options(app.terminal, app.phone, portal)
    assert not reader_off.card and reader_off.phone
    assert "offline" in reader_off.card_detail
    server.stop()
    started = time.monotonic()
    down = payment_options(app.terminal, app.phone, portal)
    assert down.offline and down.front_desk and down.portal_url == portal
    assert "unreachable" in down.card_detail
    assert time.monotonic() - started < 5
