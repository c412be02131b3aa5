"""A running kiosk asks about pending bank payments while it rests, not only at start-up."""

from __future__ import annotations

from typing import Any

from kiosk.domain.payment import PaymentStatus
from kiosk.flow.jobs import InlineJobRunner
from kiosk.runtime import KioskRuntime
from tests.core.test_phone_simulated import copay, phone_app


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_a_bank_payment_that_settles_is_posted_without_a_restart(app_factory: Any) -> None:
    app = phone_app(app_factory, settle_after_s=0)
    phone = app.phone
    assert phone is not None
    clock = Clock()
    runtime = KioskRuntime(None, environ={}, clock=clock)
    resting = [True]
    runtime.started(app, InlineJobRunner(), lambda: resting[0])
    payment = phone.start(copay(1_307))  # the demo page's bank payment: pending
    phone.open(payment)
    assert phone.poll(payment).status is PaymentStatus.PENDING
    every_s = app.config.phone.settle_every_min * 60

    runtime.tick()  # start-up reconciliation has just asked: not due yet
    assert app.payments.view(payment).status is PaymentStatus.PENDING
    clock.now += every_s
    resting[0] = False  # a patient at the screen: never now
    runtime.tick()
    assert app.payments.view(payment).status is PaymentStatus.PENDING
    resting[0] = True
    runtime.tick()
    assert app.payments.view(payment).status is PaymentStatus.CAPTURED
    assert app.sync.drain_once().posted == 1
    runtime.close()
