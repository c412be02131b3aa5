"""The real payment core with ``terminal.kind = "zvt"`` against the simulator on a pty.

This is the composition the demo runs: build_app starts the simulator (demo mode)
and the ZVT adapter opens its pty through pyserial.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from devices.zvt.reference import ZvtRef
from devices.zvt.terminal import ZvtTerminal
from kiosk.app import App
from kiosk.domain.payment import PaymentStatus
from kiosk.ledger.models import AuditRow
from kiosk.ports.terminal import ProgressEvent, ProgressKind
from kiosk.receipts import receipt_for, render_text
from tests.helpers import card_numbers_in, find, request


def zvt_config(**simulator: Any) -> dict[str, Any]:
    sim = {"enabled": True, "step_delay_ms": 0, "cut_ms": 300}
    sim.update(simulator)
    return {"kind": "zvt", "zvt": {
        "inter_byte_timeout_ms": 200, "ack_timeout_ms": 1_000, "response_timeout_ms": 1_000,
        "progress_timeout_s": 1, "abort_grace_s": 2, "simulator": sim}}


@pytest.fixture
def zvt_app(app_factory: Any) -> App:
    app: App = app_factory(terminal=zvt_config(), clinic={"currency": "USD"})
    assert isinstance(app.terminal, ZvtTerminal)
    return app


def _charges(app: App) -> dict[int, int]:
    return app.terminal.simulator.state.charges()  # type: ignore[attr-defined,no-any-return]


def test_a_payment_is_approved_captured_and_referenced(zvt_app: App) -> None:
    app = zvt_app
    patient = find(app, "accents")
    payment_id = app.payments.start(request(app, patient, 1_000))
    events: list[ProgressEvent] = []
    result = app.payments.authorize(payment_id, events.append)
    assert result.approved and result.status is PaymentStatus.CAPTURED
    view = app.payments.view(payment_id)
    ref = ZvtRef.parse(view.processor_ref)
    assert ref is not None and ref.trace is not None and ref.receipt is not None
    assert _charges(app) == {ref.trace: 1_000}
    assert len(view.card.last4) == 4 and view.card.brand
    assert next(e.kind for e in events if e.kind is not ProgressKind.REFERENCE) is \
        ProgressKind.PRESENT_CARD
    with app.ledger.read() as session:
        actions = [row.action for row in session.scalars(
            select(AuditRow).where(AuditRow.subject == payment_id).order_by(AuditRow.seq))]
    # The pre-sale reference is committed before the terminal is asked, the second with it.
    assert actions.count("payment.reference") == 2
    assert actions.index("payment.reference") < actions.index("payment.approved")
    text = render_text(receipt_for(view, "Clinic", "", "ST1", ""))
    assert f"****{view.card.last4}" in text


def test_a_lost_answer_is_settled_by_asking_never_by_paying_again(zvt_app: App) -> None:
    app = zvt_app
    patient = find(app, "accents")
    first = app.payments.start(request(app, patient, 1_304))  # line cut after the charge
    assert app.payments.authorize(first).status is PaymentStatus.CAPTURED
    second = app.payments.start(request(app, patient, 1_311))  # cut before the charge
    attempt = app.payments.authorize(second)
    assert attempt.status is PaymentStatus.CANCELED and attempt.can_retry
    assert len(_charges(app)) == 1
    app.payments.abandon(second)
    third = app.payments.start(request(app, patient, 1_309))  # the terminal stays silent
    assert app.payments.authorize(third).status is PaymentStatus.CANCELED
    assert sorted(_charges(app).values()) == [1_304]


def test_no_card_number_reaches_the_ledger_or_the_logs(app_factory: Any, data_dir: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    app: App = app_factory(terminal=zvt_config(script=["leak_pan", "garbage"]))
    patient = find(app, "accents")
    for cents in (1_000, 1_100):
        payment_id = app.payments.start(request(app, patient, cents))
        assert app.payments.authorize(payment_id).approved
    app.close()
    scanned = (_every_value(data_dir / "ledger.sqlite3")
               + _every_value(data_dir / "zvt-refunds.sqlite3") + caplog.text.encode())
    assert b"approved" in scanned and card_numbers_in(scanned) == []
    assert list(data_dir.glob("zvt-simulator.sqlite3*"))  # the "terminal's" own journal


def _every_value(path: Path) -> bytes:
    """Every value in every table, except the audit MACs: 64 random hex digits hold a
    Luhn-valid 13-19 digit run about once in 240, which is not a card number."""
    db = sqlite3.connect(path)
    values: list[str] = []
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")
                   if row[1] != "mac"]
        for row in db.execute(f"SELECT {', '.join(columns)} FROM {table}"):
            values.extend(str(value) for value in row)
    db.close()
    return "\n".join(values).encode()
