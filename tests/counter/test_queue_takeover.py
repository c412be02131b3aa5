"""The posting queue for staff (retry, resolve, status) and kiosk session takeover."""

from __future__ import annotations

import pytest

from kiosk.counter.queue import Decision
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentStatus, PostingStatus
from tests.backends import app_factory, ledger_db_url  # noqa: F401
from tests.counter.conftest import Desk
from tests.counter.test_tenders import request_for
from tests.helpers import find


def test_refused_posting_is_listed_with_its_reason_and_can_be_retried(desk: Desk) -> None:
    sale = desk.services.tenders.take_cash(desk.rita, request_for(desk, 500, "closed"),
                                           Money(500))
    queue = desk.services.queue
    desk.app.sync.drain_once()
    [item] = queue.items()
    assert item.status is PostingStatus.ATTENTION and item.payment_id == sale.payment_id
    assert "account is closed" in item.last_error and item.display_name
    status = queue.status()
    assert (status.attention, status.queued, status.posted) == (1, 0, 0)
    assert status.oldest_waiting_at is not None and status.last_success_at is not None
    assert queue.retry(desk.rita, item.posting_id)
    assert queue.items()[0].status is PostingStatus.QUEUED


def test_resolve_records_the_decision_and_never_sends_again(desk: Desk) -> None:
    desk.services.tenders.take_cash(desk.rita, request_for(desk, 500, "closed"), Money(500))
    queue = desk.services.queue
    desk.app.sync.drain_once()
    [item] = queue.items()
    with pytest.raises(ValueError, match="card number"):
        queue.resolve(desk.rita, item.posting_id, Decision.OTHER, "card 4111 1111 1111 1111")
    assert queue.resolve(desk.rita, item.posting_id, Decision.ENTERED_IN_PMS,
                         "keyed into the PMS by hand, receipt 55")
    assert not queue.resolve(desk.rita, item.posting_id, Decision.OTHER, "twice")
    assert queue.items() == []
    [resolved] = queue.items((PostingStatus.RESOLVED,))
    assert resolved.decision == "entered_in_pms" and "receipt 55" in resolved.note
    assert desk.app.sync.drain_once().posted == 0
    assert queue.status().resolved == 1


def test_status_has_the_last_successful_posting_time(desk: Desk) -> None:
    desk.services.tenders.take_cash(desk.rita, request_for(desk, 500), Money(500))
    assert desk.services.queue.status().last_posted_at is None
    desk.app.sync.drain_once()
    status = desk.services.queue.status()
    assert status.last_posted_at is not None and status.posted == 1


def test_counter_takes_over_a_stuck_kiosk_and_the_kiosk_learns_it(desk: Desk) -> None:
    board = desk.services.board
    patient = find(desk.app, "accents")
    kiosk_payment = desk.app.payments.start(request_for(desk, 1_500))
    assert board.publish("kiosk-7", "s-1", "method", patient.id, patient.display_name,
                         Money(1_500), kiosk_payment)
    [listed] = board.sessions()
    assert listed.display_name == patient.display_name and not listed.stuck
    assert listed.payment_status is PaymentStatus.CREATED
    assert board.taken_over("kiosk-7", "s-1") is None
    result = board.take_over(desk.rita, "kiosk-7", "s-1",
                             desk.services.tenders.service(desk.rita))
    assert result.ok and result.next_step == "pay"
    assert desk.app.payments.view(kiosk_payment).status is PaymentStatus.ABANDONED
    assert board.taken_over("kiosk-7", "s-1") is not None  # the kiosk's poll
    assert not board.publish("kiosk-7", "s-1", "processing")  # it must stop
    again = board.take_over(desk.sam, "kiosk-7", "s-1",
                            desk.services.tenders.service(desk.sam))
    assert not again.ok and again.message == "already_taken"
    assert board.publish("kiosk-7", "s-2", "attract")  # its next patient is its own
    assert board.taken_over("kiosk-7", "s-2") is None


def test_takeover_of_a_paid_or_in_doubt_kiosk_payment_never_charges(desk: Desk) -> None:
    board = desk.services.board
    paid = desk.app.payments.start(request_for(desk, 700))
    assert desk.app.payments.authorize(paid).approved
    board.publish("kiosk-1", "a", "receipt", "p", "Jo N.", Money(700), paid)
    assert board.take_over(desk.rita, "kiosk-1", "a",
                           desk.services.tenders.service(desk.rita)).next_step == "receipt"
    doubt = desk.app.payments.start(request_for(desk, 1_305, "two_part"))  # answer lost
    with desk.app.ledger.transaction() as tx:  # as if the kiosk died mid-sale
        tx.transition(tx.payment(doubt), PaymentStatus.AUTHORIZING, "kiosk", attempts=1)
    board.publish("kiosk-2", "b", "processing", "q", "Al G.", Money(1_305), doubt)
    result = board.take_over(desk.rita, "kiosk-2", "b",
                             desk.services.tenders.service(desk.rita))
    assert result.next_step == "wait"
    assert desk.app.payments.view(doubt).status is PaymentStatus.AUTHORIZING


def test_idle_kiosk_sessions_are_flagged_stuck(desk: Desk) -> None:
    from datetime import timedelta

    from kiosk.counter.takeover import SessionBoard

    now = [desk.app.ledger.clock()]
    board = SessionBoard(desk.app.ledger, stuck_after_s=60, clock=lambda: now[0])
    board.publish("kiosk-3", "c", "statement", "p", "Mo K.")
    now[0] += timedelta(seconds=61)
    [view] = board.sessions()
    assert view.stuck and view.idle_s == 61
    board.end("kiosk-3", "c")
    assert board.sessions() == []
    [ended] = board.sessions(include_ended=True)
    assert ended.patient_id == "" and ended.display_name == ""
