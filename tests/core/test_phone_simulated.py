"""Pay on your phone in demo mode: the simulated page through the real core."""

from __future__ import annotations

import threading
from typing import Any

from kiosk.app import App
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind, PaymentStatus
from kiosk.payments.options import payment_options
from kiosk.payments.service import PaymentRequest

S = PaymentStatus


def copay(cents: int) -> PaymentRequest:
    return PaymentRequest(patient_id="P000003", display_name="José N.", amount=Money(cents),
                          statement_balance=None, kind=PaymentKind.COPAY)


def phone_app(app_factory: Any, **simulated: Any) -> App:
    app: App = app_factory(phone={"kind": "simulated", "poll_interval_ms": 10,
                                  "simulated": {"pay_after_s": 0, **simulated}})
    assert app.phone is not None and app.terminal.supports_pay_on_phone
    return app


def test_the_demo_patient_pays_on_the_phone(app_factory: Any) -> None:
    app = phone_app(app_factory)
    phone = app.phone
    assert phone is not None
    payment = phone.start(copay(2_000))
    opened = phone.open(payment)
    assert opened.link is not None and ".invalid/" in opened.link.url
    result = phone.wait(payment, threading.Event(), timeout_s=5)
    assert result.approved and result.card.last4 == "4242"
    assert app.sync.drain_once().posted == 1


def test_demo_bank_payment_is_pending_until_it_settles(app_factory: Any) -> None:
    app = phone_app(app_factory, settle_after_s=0)
    phone = app.phone
    assert phone is not None
    payment = phone.start(copay(1_307))
    phone.open(payment)
    assert phone.poll(payment).status is S.PENDING
    assert app.reconcile().resolved == {"pending->captured": 1}
    assert app.payments.view(payment).status is S.CAPTURED


def test_demo_page_never_paid_is_closed_on_cancel(app_factory: Any) -> None:
    app = phone_app(app_factory)
    phone = app.phone
    assert phone is not None
    payment = phone.start(copay(1_308))
    phone.open(payment)
    assert phone.poll(payment).waiting
    assert phone.cancel(payment).status is S.CANCELED
    phone.open(payment)  # a second attempt gets a second page, also never paid
    assert phone.cancel(payment).status is S.CANCELED
    assert app.payments.view(payment).attempts == 2


def test_demo_failed_bank_payment(app_factory: Any) -> None:
    app = phone_app(app_factory, settle_after_s=0)
    phone = app.phone
    assert phone is not None
    payment = phone.start(copay(1_309))
    phone.open(payment)
    assert phone.poll(payment).status is S.PENDING
    app.reconcile()
    assert app.payments.view(payment).status is S.ABANDONED


def test_options_in_demo_mode(app_factory: Any) -> None:
    app = phone_app(app_factory)
    options = payment_options(app.terminal, app.phone)
    assert options.card and options.phone and not options.offline
    plain: App = app_factory()
    assert plain.phone is None and not plain.terminal.supports_pay_on_phone
    assert not payment_options(plain.terminal, plain.phone).phone
