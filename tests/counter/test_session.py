"""The counter session driven as the screens will drive it: intents in, views out."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.counter.session import CounterSession
from kiosk.counter.view import CounterScreen
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentStatus, PostingStatus
from kiosk.flow.jobs import InlineJobRunner, ThreadJobRunner
from tests.counter.conftest import PASSWORD, Desk
from tests.counter.desk_driver import Clock, Receptionist
from tests.counter.test_tenders import request_for
from tests.helpers import find

NUNEZ = ("Nunez", date(1972, 7, 4))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def counter(desk: Desk, clock: Clock) -> CounterSession:
    session = CounterSession(desk.services, InlineJobRunner(), clock)
    session.start()
    assert session.state.screen is CounterScreen.SIGN_IN
    return session


def test_sign_in_failure_then_success(counter: CounterSession) -> None:
    counter.sign_in("rita", "wrong password")
    assert counter.state.screen is CounterScreen.SIGN_IN
    assert counter.state.message == "bad_credentials" and counter.state.attempts_left == 4
    Receptionist(counter).signs_in("rita", PASSWORD)
    staff = counter.state.staff
    assert staff is not None and staff.role == "receptionist" and not staff.can_approve


def test_cash_payment_with_change_and_receipt(counter: CounterSession) -> None:
    rita = Receptionist(counter).signs_in("rita", PASSWORD).finds(*NUNEZ).opens_first_hit()
    statement = counter.state.statement
    assert statement is not None and counter.state.tender.amount == statement.payable
    rita.takes("cash", 1_234, cash_given=2_000)
    result = counter.state.result
    assert counter.state.screen is CounterScreen.RESULT and result is not None
    assert result.approved and result.change_due == Money(766)
    counter.print_receipt()
    assert counter.state.print_ok and "Cash given" in counter.state.receipt_text


def test_short_cash_stays_on_the_tender_screen(counter: CounterSession) -> None:
    rita = Receptionist(counter).signs_in("rita", PASSWORD).finds(*NUNEZ).opens_first_hit()
    rita.takes("cash", 1_000, cash_given=500)
    assert counter.state.screen is CounterScreen.TENDER
    assert counter.state.message == "tendered_short"


def test_card_decline_then_retry_on_the_same_payment(counter: CounterSession) -> None:
    rita = Receptionist(counter).signs_in("rita", PASSWORD).finds(*NUNEZ).opens_first_hit()
    rita.takes("card", 1_301)  # the simulator declines this amount
    first = counter.state.result
    assert first is not None and first.status is PaymentStatus.DECLINED and first.can_retry
    counter.submit_tender()  # try again: same payment; the simulator's script says approve
    second = counter.state.result
    assert second is not None and second.payment_id == first.payment_id


def test_check_payment(counter: CounterSession) -> None:
    rita = Receptionist(counter).signs_in("rita", PASSWORD).finds(*NUNEZ).opens_first_hit()
    rita.takes("check", 2_000, check_number="5521")
    result = counter.state.result
    assert result is not None and result.approved and result.check_number == "5521"


def test_supervisor_approved_refund(counter: CounterSession, desk: Desk) -> None:
    rita = Receptionist(counter).signs_in("rita", PASSWORD).finds(*NUNEZ).opens_first_hit()
    rita.takes("card", 3_000)
    result = counter.state.result
    assert result is not None and result.approved
    counter.open_refund(result.payment_id)
    form = counter.state.refund
    assert counter.state.screen is CounterScreen.REFUND and form is not None
    assert form.quote is not None and form.quote.can_void
    counter.set_refund(kind="refund", cents=1_000, reason="wrong_amount")
    counter.approve_refund("rita", PASSWORD)  # a receptionist cannot approve
    assert counter.state.message == "approval_not_allowed"
    counter.approve_refund("sam", "bad password")
    assert counter.state.message == "approval_bad_credentials"
    counter.approve_refund("sam", PASSWORD)
    done = counter.state.refund
    assert done is not None and done.result is not None and done.result.done
    assert done.result.approved_by == desk.sam.staff.id
    assert desk.app.payments.view(result.payment_id).status is PaymentStatus.PARTLY_REFUNDED


def test_queue_retry_and_resolve(counter: CounterSession, desk: Desk) -> None:
    desk.services.tenders.take_cash(desk.rita, request_for(desk, 500, "closed"), Money(500))
    desk.app.sync.drain_once()
    Receptionist(counter).signs_in("rita", PASSWORD)
    counter.open_queue()
    [item] = counter.state.queue
    assert item.status is PostingStatus.ATTENTION and counter.state.sync is not None
    assert counter.state.sync.attention == 1
    counter.retry_posting(item.posting_id)
    assert counter.state.queue[0].status is PostingStatus.QUEUED
    desk.app.sync.drain_once()
    counter.refresh_queue()
    counter.resolve_posting(item.posting_id, "not_needed", "account closed; handled by billing")
    assert counter.state.queue == () and counter.state.sync.resolved == 1


def test_takeover_of_a_stuck_kiosk_opens_the_patient(counter: CounterSession,
                                                     desk: Desk) -> None:
    patient = find(desk.app, "accents")
    payment = desk.app.payments.start(request_for(desk, 1_500))
    desk.services.board.publish("kiosk-4", "s-9", "method", patient.id,
                                patient.display_name, Money(1_500), payment)
    Receptionist(counter).signs_in("rita", PASSWORD)
    counter.open_kiosks()
    [kiosk] = counter.state.kiosks
    counter.take_over(kiosk.kiosk_id, kiosk.session_ref)
    assert counter.state.takeover is not None and counter.state.takeover.next_step == "pay"
    assert counter.state.screen is CounterScreen.STATEMENT
    assert counter.state.tender.amount == Money(1_500)
    assert desk.services.board.taken_over("kiosk-4", "s-9") is not None


def test_day_close_and_dashboard(counter: CounterSession, tmp_path: object) -> None:
    rita = Receptionist(counter).signs_in("rita", PASSWORD).finds(*NUNEZ).opens_first_hit()
    rita.takes("cash", 1_000, cash_given=1_000)
    counter.open_day_close()
    report = counter.state.report
    assert counter.state.screen is CounterScreen.DAY_CLOSE and report is not None
    assert report.total.count == 1
    counter.close_batch()  # a receptionist may not
    assert counter.state.message == "not_allowed"
    from pathlib import Path

    target = Path(str(tmp_path)) / "day.csv"
    counter.export_report("csv", str(target))
    assert counter.state.exported_file == str(target) and target.read_text().startswith("section")
    counter.open_dashboard()
    board = counter.state.dashboard
    assert board is not None and board.payments.count == 1


def test_inactivity_locks_and_only_the_same_person_unlocks(counter: CounterSession,
                                                           clock: Clock, desk: Desk) -> None:
    Receptionist(counter).signs_in("rita", PASSWORD).finds(*NUNEZ).opens_first_hit()
    clock.now += desk.services.settings.auto_lock_s - 1
    counter.tick()
    assert not counter.state.locked
    clock.now += 2
    counter.tick()
    assert counter.state.locked and counter.state.screen is CounterScreen.LOCKED
    counter.pay()  # intents are ignored while locked
    assert counter.state.screen is CounterScreen.LOCKED
    counter.unlock("sam", PASSWORD)
    assert counter.state.message == "wrong_user"
    counter.unlock("rita", PASSWORD)
    assert counter.state.screen is CounterScreen.STATEMENT and not counter.state.locked


def test_sign_out_wipes_everything(counter: CounterSession) -> None:
    Receptionist(counter).signs_in("rita", PASSWORD).finds(*NUNEZ).opens_first_hit()
    before = counter.state.session
    counter.sign_out()
    state = counter.state
    assert state.screen is CounterScreen.SIGN_IN and state.session == before + 1
    assert state.statement is None and state.hits == () and state.staff is None


def test_import_needs_an_admin_and_reports_progress(counter: CounterSession,
                                                    tmp_path: object) -> None:
    from pathlib import Path

    from tests.counter.test_import import GOOD, write

    source = write(Path(str(tmp_path)) / "old.csv", GOOD)
    Receptionist(counter).signs_in("rita", PASSWORD)
    counter.open_import()
    assert counter.state.message == "not_allowed"
    counter.sign_out()
    Receptionist(counter).signs_in("ada", PASSWORD)
    seen: list[str] = []
    counter.subscribe(lambda view: seen.append(view.import_progress.phase)
                      if view.import_progress else None)
    counter.open_import()
    counter.import_file(str(source))
    progress = counter.state.import_progress
    assert progress is not None and progress.phase == "done" and progress.report is not None
    assert progress.report.imported == 4 and "validating" in seen and "importing" in seen


def test_a_real_worker_thread_runs_the_jobs(desk: Desk) -> None:
    runner = ThreadJobRunner("counter-test")
    try:
        counter = CounterSession(desk.services, runner)
        counter.start()
        assert runner.idle()
        counter.sign_in("rita", PASSWORD)
        assert runner.idle() and counter.state.screen is CounterScreen.SEARCH
    finally:
        runner.close()
