"""Refunds and voids: supervisor-approved, processor-idempotent, crash-safe, posted as
reversals after their payment."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest
from sqlalchemy import select

from kiosk import crashpoints
from kiosk.counter.refunds import RefundRefused, RefundStatus
from kiosk.counter.services import start_counter
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentStatus, PostingKind, PostingStatus
from kiosk.domain.staff import Approval
from kiosk.ledger.models import AuditRow, OutboxRow
from tests.backends import app_factory, ledger_db_url  # noqa: F401
from tests.counter.conftest import PASSWORD, Desk
from tests.counter.test_tenders import request_for


def card_payment(desk: Desk, cents: int = 2_500) -> str:
    tenders = desk.services.tenders
    payment_id = tenders.start_card(desk.rita, request_for(desk, cents))
    assert tenders.authorize_card(desk.rita, payment_id).approved
    return payment_id


def approval(desk: Desk, subject: str = "p") -> Approval:
    result, given = desk.services.accounts.approve(desk.rita, "sam", PASSWORD, "refund",
                                                   subject)
    assert result.ok and given is not None
    return given


def processor_refunds(desk: Desk) -> list[tuple[str, int]]:
    """What the simulated processor itself refunded (its own file: the ground truth)."""
    path = desk.app.terminal.state.path  # type: ignore[attr-defined]
    with contextlib.closing(sqlite3.connect(path)) as db:
        return [(r[0], r[1]) for r in db.execute("SELECT refund_id, amount FROM refunds")]


def reversals(desk: Desk, payment_id: str) -> list[OutboxRow]:
    with desk.app.ledger.read() as session:
        return list(session.scalars(select(OutboxRow).where(
            OutboxRow.payment_id == payment_id,
            OutboxRow.kind == PostingKind.REVERSAL.value)))


def test_partial_then_full_card_refund_keeps_refunded_cents_right(desk: Desk) -> None:
    refunds = desk.services.refunds
    payment_id = card_payment(desk)
    first = refunds.refund(desk.rita, approval(desk), payment_id, Money(1_000),
                           "patient_request")
    assert first.done and first.refund_ref and first.approved_by == desk.sam.staff.id
    view = desk.app.payments.view(payment_id)
    assert view.status is PaymentStatus.PARTLY_REFUNDED and view.refunded == Money(1_000)
    quote = refunds.quote(payment_id)
    assert quote.refundable == Money(1_500) and not quote.can_void
    with pytest.raises(RefundRefused):
        refunds.refund(desk.rita, approval(desk), payment_id, Money(1_501), "other")
    refunds.refund(desk.rita, approval(desk), payment_id, Money(1_500), "other")
    view = desk.app.payments.view(payment_id)
    assert view.status is PaymentStatus.REFUNDED and view.refunded == Money(2_500)
    assert sorted(a for _, a in processor_refunds(desk)) == [1_000, 1_500]
    assert sorted(r.amount_cents for r in reversals(desk, payment_id)) == [1_000, 1_500]
    assert not refunds.quote(payment_id).can_refund


def test_a_refunded_payment_reprints_the_same_at_the_counter_and_on_the_kiosk(
        desk: Desk) -> None:
    from kiosk.reprint import receipt_for_payment

    payment_id = card_payment(desk)
    desk.services.refunds.refund(desk.rita, approval(desk), payment_id, Money(1_000),
                                 "patient_request")
    at_counter = desk.services.tenders.receipt(payment_id, reprint=True)
    clinic = desk.services.tenders.clinic
    on_kiosk = receipt_for_payment(desk.app.ledger, payment_id, clinic.name, clinic.address,
                                   clinic.portal_url)
    assert at_counter == on_kiosk
    assert at_counter.status_line == "PARTLY REFUNDED - COPY"
    assert ("Refunded", "$10.00") in at_counter.details


def test_void_today_reverses_everything(desk: Desk) -> None:
    payment_id = card_payment(desk)
    assert desk.services.refunds.quote(payment_id).can_void
    done = desk.services.refunds.void(desk.rita, approval(desk), payment_id, "duplicate")
    assert done.done
    view = desk.app.payments.view(payment_id)
    assert view.status is PaymentStatus.VOIDED and view.refunded == view.amount
    assert processor_refunds(desk) == [(done.id, 2_500)]


def test_cash_refund_needs_no_processor(desk: Desk) -> None:
    sale = desk.services.tenders.take_cash(desk.rita, request_for(desk, 800), Money(1_000))
    done = desk.services.refunds.refund(desk.rita, approval(desk), sale.payment_id,
                                        Money(300), "wrong_amount")
    assert done.done and processor_refunds(desk) == []
    assert desk.app.payments.view(sale.payment_id).refunded == Money(300)


def test_an_approval_is_for_one_requester(desk: Desk) -> None:
    payment_id = card_payment(desk)
    given = approval(desk)
    with pytest.raises(RefundRefused):
        desk.services.refunds.refund(desk.sam, given, payment_id, Money(100), "other")


def test_refund_and_approval_are_audited_with_both_staff_ids(desk: Desk) -> None:
    payment_id = card_payment(desk)
    done = desk.services.refunds.refund(desk.rita, approval(desk), payment_id, Money(100),
                                        "other")
    with desk.app.ledger.read() as session:
        rows = {r.action: r for r in session.scalars(
            select(AuditRow).where(AuditRow.subject == done.id))}
    assert {"refund.requested", "refund.sent", "refund.done"} <= set(rows)
    for action in ("refund.requested", "refund.done"):
        assert desk.rita.staff.id in rows[action].detail
        assert desk.sam.staff.id in rows[action].detail


def test_reversal_posts_after_its_payment(desk: Desk) -> None:
    payment_id = card_payment(desk)
    refund = desk.services.refunds.refund(desk.rita, approval(desk), payment_id, Money(700),
                                          "other")
    assert desk.app.sync.drain_once().posted == 2
    server = desk.app.pms.server  # type: ignore[attr-defined]
    with server._db() as db:
        order = [(r[0], r[1]) for r in db.execute(
            "SELECT kind, posting_id FROM postings ORDER BY received_at")]
    assert order == [("payment", payment_id), ("reversal", refund.id)]


@pytest.mark.parametrize(("point", "expected", "refunded"), [
    ("refund.requested", RefundStatus.FAILED, 0),  # never sent: nothing moved
    ("refund.sending", RefundStatus.DONE, 900),  # SENT, processor not asked: sent once now
    ("refund.sent", RefundStatus.DONE, 900),  # processor refunded, we had not recorded it
    ("refund.done", RefundStatus.DONE, 900),  # all recorded
])
def test_a_crash_at_every_refund_step_never_refunds_twice(desk: Desk, point: str,
                                                          expected: RefundStatus,
                                                          refunded: int) -> None:
    payment_id = card_payment(desk)
    given = approval(desk)
    crashpoints.arm(point, mode="raise")
    try:
        with pytest.raises(crashpoints.SimulatedCrash):
            desk.services.refunds.refund(desk.rita, given, payment_id, Money(900), "other")
    finally:
        crashpoints.disarm()
    settled = start_counter(desk.services)  # what the counter does at its next start
    [refund] = desk.services.refunds.for_payment(payment_id)
    assert refund.status is expected
    if point != "refund.done":
        assert [r.id for r in settled] == [refund.id]
    assert sum(amount for _, amount in processor_refunds(desk)) == refunded
    assert len(processor_refunds(desk)) == (1 if refunded else 0)
    view = desk.app.payments.view(payment_id)
    assert view.refunded == Money(refunded)
    assert len(reversals(desk, payment_id)) == (1 if refunded else 0)
    assert start_counter(desk.services) == []  # nothing left in doubt


def test_refund_in_doubt_holds_further_refunds(desk: Desk) -> None:
    payment_id = card_payment(desk)
    crashpoints.arm("refund.sent", mode="raise")
    try:
        with pytest.raises(crashpoints.SimulatedCrash):
            desk.services.refunds.refund(desk.rita, approval(desk), payment_id, Money(400),
                                         "other")
    finally:
        crashpoints.disarm()
    quote = desk.services.refunds.quote(payment_id)
    assert not quote.can_refund and quote.why_not == "in_flight"
    with pytest.raises(RefundRefused):
        desk.services.refunds.refund(desk.rita, approval(desk), payment_id, Money(100),
                                     "other")


def test_queue_status_reflects_reversals(desk: Desk) -> None:
    payment_id = card_payment(desk)
    desk.services.refunds.refund(desk.rita, approval(desk), payment_id, Money(100), "other")
    items = desk.services.queue.items()
    assert [i.kind for i in items] == [PostingKind.PAYMENT, PostingKind.REVERSAL]
    assert all(i.status is PostingStatus.QUEUED for i in items)
