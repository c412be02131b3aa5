"""A long PMS outage: 1,000 payments taken while it is down, all posted exactly once after."""

from __future__ import annotations

import time
from typing import Any

import pytest

from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind
from kiosk.payments.service import PaymentRequest
from tests.helpers import find

pytestmark = pytest.mark.slow


def test_thousand_payments_during_an_outage_post_exactly_once(
        app_factory: Any, capsys: pytest.CaptureFixture[str]) -> None:
    app = app_factory()
    patient = find(app, "accents")
    app.pms.faults.set("down")
    started = time.monotonic()
    ids = []
    for n in range(1_000):
        payment_id = app.payments.start(PaymentRequest(
            patient_id=patient.id, display_name=patient.display_name,
            amount=Money(1_500 + n), statement_balance=None, kind=PaymentKind.COPAY))
        assert app.payments.authorize(payment_id).approved
        ids.append(payment_id)
        if n % 250 == 0:  # the worker keeps trying during the outage
            assert app.sync.drain_once().failed
    taken = time.monotonic() - started
    assert app.sync.status().queued == 1_000
    # the PMS comes back; the background worker, backing off, drains it all
    app.sync.start()
    app.pms.faults.set("none")
    deadline = time.monotonic() + 120
    while app.sync.status().queued and time.monotonic() < deadline:
        app.sync.wake()
        time.sleep(0.05)
    app.sync.stop()
    drained = time.monotonic() - started - taken
    server = app.pms.server
    assert server.posting_counts() == {pid: 1 for pid in ids}
    assert server.request_counts() == {pid: 1 for pid in ids}  # no resends: none failed
    assert app.sync.status().queued == 0 and app.sync.status().posted == 1_000
    with capsys.disabled():
        print(f"\noutage: 1000 payments taken in {taken:.1f} s, drained in {drained:.1f} s")
