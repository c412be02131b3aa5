"""The payment lifecycle against the real ledger and the simulated terminal."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import select

from kiosk import crashpoints
from kiosk.app import App
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind, PaymentStatus, PostingStatus
from kiosk.ledger.models import OutboxRow, PaymentEventRow
from kiosk.payments.policy import AmountRefused
from kiosk.payments.service import PaymentRequest
from kiosk.ports.terminal import ProgressEvent, ProgressKind
from tests.helpers import find, request

S = PaymentStatus


def charges(app: App) -> dict[str, int]:
    return app.terminal.state.charge_counts()  # type: ignore[attr-defined]


def events(app: App, payment_id: str) -> list[str]:
    with app.ledger.read() as session:
        return list(session.scalars(select(PaymentEventRow.to_status)
                                    .where(PaymentEventRow.payment_id == payment_id)
                                    .order_by(PaymentEventRow.id)))


def outbox(app: App, payment_id: str) -> list[OutboxRow]:
    with app.ledger.read() as session:
        return list(session.scalars(select(OutboxRow).where(OutboxRow.payment_id == payment_id)))


def test_approved_payment_is_captured_and_queued_once(app: App) -> None:
    patient = find(app, "accents")
    seen: list[ProgressEvent] = []
    payment_id = app.payments.start(request(app, patient, 2_000, session_ref="s1"))
    assert app.payments.view(payment_id).status is S.CREATED
    result = app.payments.authorize(payment_id, seen.append)
    assert result.approved and result.outcome_code == "approved"
    assert result.card.last4.isdigit() and len(result.card.last4) == 4
    assert events(app, payment_id) == ["created", "authorizing", "approved", "captured"]
    assert [row.status for row in outbox(app, payment_id)] == ["queued"]
    assert charges(app) == {payment_id: 1}
    kinds = [e.kind for e in seen]
    assert kinds == [ProgressKind.REFERENCE, ProgressKind.PRESENT_CARD, ProgressKind.PROCESSING,
                     ProgressKind.REMOVE_CARD]
    assert app.payments.view(payment_id).processor_ref.startswith("SIM-")


def test_the_ledger_is_written_before_the_terminal_is_touched(app: App) -> None:
    patient = find(app, "accents")
    payment_id = app.payments.start(request(app, patient, 2_000))
    seen_status: list[str] = []
    real_sale = app.terminal.sale

    def sale(pid: str, amount: Money, on_progress: Any) -> Any:
        seen_status.append(app.payments.view(pid).status.value)  # read by another session
        return real_sale(pid, amount, on_progress)

    app.terminal.sale = sale  # type: ignore[method-assign]
    app.payments.authorize(payment_id)
    assert seen_status == ["authorizing"]


def test_decline_then_retry_within_the_same_payment(app_factory: Any) -> None:
    app = app_factory(terminal={"simulated": {"script": ["decline", "approve"]}})
    payment_id = app.payments.start(request(app, find(app, "accents"), 1_500))
    first = app.payments.authorize(payment_id)
    assert first.status is S.DECLINED and first.can_retry
    assert outbox(app, payment_id) == []
    second = app.payments.authorize(payment_id)
    assert second.approved
    assert app.payments.view(payment_id).attempts == 2
    assert charges(app) == {payment_id: 1}
    assert len(outbox(app, payment_id)) == 1


def test_patient_cancel_during_the_sale(app_factory: Any) -> None:
    app = app_factory(terminal={"simulated": {"step_delay_ms": 3_000}})
    payment_id = app.payments.start(request(app, find(app, "accents"), 1_500))
    presented = threading.Event()

    def on_progress(event: ProgressEvent) -> None:
        if event.kind is ProgressKind.PRESENT_CARD:
            presented.set()

    threading.Thread(target=lambda: (presented.wait(5), app.payments.cancel()),
                     daemon=True).start()
    started = time.monotonic()
    result = app.payments.authorize(payment_id, on_progress)
    assert result.status is S.CANCELED and result.can_retry
    assert time.monotonic() - started < 2.5  # the cancel ended the 3 s wait early
    assert charges(app) == {}
    app.payments.abandon(payment_id)
    assert app.payments.view(payment_id).status is S.ABANDONED


@pytest.mark.parametrize(("cents", "final", "charged"), [
    (1304, S.CAPTURED, 1),  # disconnect after the bank approved: a query finds it
    (1305, S.CAPTURED, 1),  # answer lost, approved
    (1306, S.DECLINED, 0),  # answer lost, declined
    (1303, S.CANCELED, 0),  # nobody presented a card
    (1302, S.CANCELED, 0),  # cancel on the terminal
    (1301, S.DECLINED, 0),
])
def test_unknown_outcomes_are_resolved_by_query_never_by_selling_again(
        app: App, cents: int, final: PaymentStatus, charged: int) -> None:
    payment_id = app.payments.start(request(app, find(app, "accents"), cents))
    result = app.payments.authorize(payment_id)
    assert result.status is final
    assert sum(charges(app).values()) == charged
    if cents in (1304, 1305, 1306):
        assert "unknown" in events(app, payment_id)
    # exactly one sale reached the terminal for this payment
    assert len(app.terminal.state.sales_for(payment_id)) == 1  # type: ignore[attr-defined]


def test_payable_subtracts_payments_not_yet_posted(app: App) -> None:
    patient = find(app, "accents")
    balance = app.pms.statement(patient.id).total_due
    assert app.payments.payable(patient.id, balance) == balance
    payment_id = app.payments.start(request(app, patient, 5_000))
    # a payment under way holds its amount already (another device must not take it)...
    assert app.payments.payable(patient.id, balance) == balance - Money(5_000)
    app.payments.authorize(payment_id)
    # ...and an approved one does until the PMS has it
    assert app.payments.payable(patient.id, balance) == balance - Money(5_000)
    with pytest.raises(AmountRefused, match="above_payable"):
        app.payments.start(request(app, patient, balance.cents))
    app.sync.drain_once()
    fresh = app.pms.statement(patient.id).total_due
    assert fresh == balance - Money(5_000)
    assert app.payments.payable(patient.id, fresh) == fresh


def test_amounts_are_refused_in_the_core(app: App) -> None:
    patient = find(app, "zero")
    with pytest.raises(AmountRefused, match="nothing_due"):
        app.payments.start(request(app, patient, 100))
    with pytest.raises(AmountRefused, match="zero"):
        app.payments.start(request(app, find(app, "accents"), 0))
    with pytest.raises(AmountRefused, match="negative"):
        app.payments.start(request(app, find(app, "accents"), -100))
    # a copay toward today's visit is allowed without a balance (this clinic allows it)
    credit = find(app, "credit")
    payment_id = app.payments.start(PaymentRequest(
        patient_id=credit.id, display_name=credit.display_name, amount=Money(2_500),
        statement_balance=None, kind=PaymentKind.COPAY))
    assert app.payments.authorize(payment_id).approved
    with app.ledger.read() as session:
        assert session.scalar(select(OutboxRow.status)) == PostingStatus.QUEUED.value


def test_approved_payment_cannot_be_tried_again(app: App) -> None:
    payment_id = app.payments.start(request(app, find(app, "accents"), 1_000))
    app.payments.authorize(payment_id)
    with pytest.raises(ValueError, match="cannot be tried again"):
        app.payments.authorize(payment_id)
    assert charges(app) == {payment_id: 1}


@pytest.mark.parametrize(("point", "final", "charged"), [
    ("payment.created", S.ABANDONED, 0),
    ("payment.authorizing", S.ABANDONED, 0),  # the terminal never heard of it
    ("terminal.charged", S.CAPTURED, 1),  # charged, the kiosk died before hearing
    ("payment.approved", S.CAPTURED, 1),  # approved, not yet captured
    ("terminal.captured", S.CAPTURED, 1),
])
def test_restart_reconciles_by_asking_the_terminal(app_factory: Any, point: str,
                                                   final: PaymentStatus, charged: int) -> None:
    app = app_factory()
    patient = find(app, "accents")
    crashpoints.arm(point, mode="raise")
    try:
        with pytest.raises(crashpoints.SimulatedCrash):
            payment_id = app.payments.start(request(app, patient, 1_000))
            app.payments.authorize(payment_id)
    finally:
        crashpoints.disarm()
    app.close()
    restarted = app_factory()
    report = restarted.reconcile()
    with restarted.ledger.read() as session:
        from kiosk.ledger.models import PaymentRow

        row = session.scalars(select(PaymentRow)).one()
    assert PaymentStatus(row.status) is final, report
    assert sum(charges(restarted).values()) == charged
    assert len(outbox(restarted, row.id)) == (1 if charged else 0)


def test_two_devices_cannot_both_take_one_balance(app_factory: Any) -> None:
    kiosk, counter = app_factory(), app_factory(terminal_id="front-desk", channel="counter")
    patient = find(kiosk, "accents")
    balance = kiosk.pms.statement(patient.id).total_due
    kiosk.payments.start(request(kiosk, patient, balance.cents))  # the kiosk's patient...
    with pytest.raises(AmountRefused, match="nothing_due"):  # ...the desk sees it taken
        counter.payments.start(request(counter, patient, balance.cents))


def test_an_attempt_left_behind_stops_holding_after_a_while(app_factory: Any) -> None:
    from datetime import timedelta

    from kiosk.ledger.queries import LIVE_ATTEMPT

    app = app_factory()
    patient = find(app, "accents")
    balance = app.pms.statement(patient.id).total_due
    app.payments.start(request(app, patient, balance.cents))  # a device crashed right here
    later = app.ledger.clock() + LIVE_ATTEMPT + timedelta(minutes=1)
    app.ledger.clock = lambda: later
    assert app.payments.payable(patient.id, balance) == balance
