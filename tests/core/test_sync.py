"""The outbox drain: ordered, idempotent, resumable; rejections set aside."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from sqlalchemy import select

from kiosk import crashpoints
from kiosk.app import App
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentStatus, PostingKind, PostingStatus
from kiosk.ledger.models import OutboxRow, PaymentRow
from kiosk.pms.demo import DemoPms
from tests.backends import app_factory, is_postgres, ledger_db_url  # noqa: F401
from tests.helpers import find, open_patients, request


def pay(app: App, key: str = "accents", cents: int = 1_000) -> str:
    payment_id = app.payments.start(request(app, find(app, key), cents))
    assert app.payments.authorize(payment_id).approved
    return payment_id


def rows(app: App) -> list[OutboxRow]:
    with app.ledger.read() as session:
        return list(session.scalars(select(OutboxRow).order_by(OutboxRow.seq)))


def server(app: App) -> Any:
    assert isinstance(app.pms, DemoPms)
    return app.pms.server


def test_drain_posts_each_once_and_resends_find_the_record(app: App) -> None:
    ids = [pay(app), pay(app, "two_part"), pay(app, "hyphen")]
    report = app.sync.drain_once()
    assert report.posted == 3 and not report.failed
    assert server(app).posting_counts() == {pid: 1 for pid in ids}
    assert server(app).request_counts() == {pid: 1 for pid in ids}
    assert {r.status for r in rows(app)} == {PostingStatus.POSTED.value}
    assert app.sync.drain_once().posted == 0  # nothing left: no requests
    assert sum(server(app).request_counts().values()) == 3


def test_transient_failure_stops_the_drain_and_resumes(app: App) -> None:
    first, second = pay(app), pay(app, "two_part")
    app.pms.faults.set("down")  # type: ignore[attr-defined]
    report = app.sync.drain_once()
    assert report.failed and "unreachable" in report.error and report.posted == 0
    assert [r.attempts for r in rows(app)] == [1, 0]  # stopped at the first
    app.pms.faults.set("none")  # type: ignore[attr-defined]
    assert app.sync.drain_once().posted == 2
    assert server(app).posting_counts() == {first: 1, second: 1}


def test_rejection_is_set_aside_and_the_drain_goes_on(app: App) -> None:
    closed = pay(app, "closed")
    fine = pay(app, "accents")
    report = app.sync.drain_once()
    assert report.rejected == 1 and report.posted == 1 and not report.failed
    by_payment = {r.payment_id: r for r in rows(app)}
    assert by_payment[closed].status == PostingStatus.ATTENTION.value
    assert "account is closed" in by_payment[closed].last_error
    assert by_payment[fine].status == PostingStatus.POSTED.value
    # staff retry puts it back; it is rejected again, still only recorded zero times
    assert app.sync.retry(closed, "staff:ana")
    assert app.sync.drain_once().rejected == 1
    assert closed not in server(app).posting_counts()


def test_garbage_answers_are_retried_with_the_same_key(app: App) -> None:
    payment_id = pay(app)
    app.pms.faults.set("garbage")  # type: ignore[attr-defined]
    for _ in range(6):
        report = app.sync.drain_once()
        if report.failed:
            assert "answer" in report.error or "JSON" in report.error
    app.pms.faults.set("none")  # type: ignore[attr-defined]
    app.sync.drain_once()
    assert server(app).posting_counts() == {payment_id: 1}
    assert rows(app)[0].status == PostingStatus.POSTED.value


def test_crash_after_acceptance_resends_once_and_holds_one_record(app_factory: Any) -> None:  # noqa: F811
    app = app_factory()
    payment_id = pay(app)
    crashpoints.arm("sync.accepted", mode="raise")
    try:
        with contextlib.suppress(crashpoints.SimulatedCrash):
            app.sync.drain_once()
    finally:
        crashpoints.disarm()
    app.close()
    again = app_factory()
    report = again.sync.drain_once()
    assert report.posted == 1 and report.duplicates == 1
    assert server(again).posting_counts() == {payment_id: 1}
    assert server(again).request_counts() == {payment_id: 2}  # one resend, after the crash


def test_a_reversal_is_never_posted_before_its_payment(app: App) -> None:
    payment_id = pay(app)
    with app.ledger.transaction() as tx:  # a reversal queued behind a payment not yet posted
        row = tx.payment(payment_id)
        tx.enqueue("rev-1", PostingKind.REVERSAL, row, Money(400))
    with app.ledger.transaction() as tx:  # make the reversal come first in the queue order
        for outbox_row in tx.session.scalars(select(OutboxRow)):
            outbox_row.seq = {payment_id: 20}.get(outbox_row.posting_id, 10)
    app.pms.faults.set("flaky", percent=100)  # type: ignore[attr-defined]
    app.sync.drain_once()
    assert server(app).posting_counts() == {}
    app.pms.faults.set("none")  # type: ignore[attr-defined]
    report = app.sync.drain_once()
    assert report.posted == 2
    with server(app)._db() as db:
        order = [r[0] for r in db.execute("SELECT kind FROM postings ORDER BY received_at")]
    assert order == ["payment", "reversal"]


def test_reversal_waits_while_its_payment_needs_attention(app: App) -> None:
    payment_id = pay(app, "closed")
    with app.ledger.transaction() as tx:
        tx.enqueue("rev-2", PostingKind.REVERSAL, tx.payment(payment_id), Money(100))
    app.sync.drain_once()
    statuses = {r.posting_id: r.status for r in rows(app)}
    assert statuses == {payment_id: "attention", "rev-2": "queued"}


def test_only_one_worker_per_ledger_file(app_factory: Any) -> None:  # noqa: F811
    from kiosk.sync.worker import SyncBusy

    app = app_factory()
    if is_postgres(app):
        pytest.skip("PostgreSQL ledgers claim rows instead (tests/counter/test_shared_sync.py)")
    other = app_factory()
    assert app.sync.lock.acquire()
    try:
        try:
            other.sync.drain_once()
            raise AssertionError("a second worker drained a locked ledger")
        except SyncBusy as exc:
            assert "another sync worker" in str(exc)
    finally:
        app.sync.lock.release()


def test_background_worker_drains_and_backs_off(app: App) -> None:
    import time

    payment_id = pay(app)
    app.pms.faults.set("down")  # type: ignore[attr-defined]
    app.sync.start()
    time.sleep(0.2)
    assert app.sync.status().queued == 1 and app.sync.status().running
    app.pms.faults.set("none")  # type: ignore[attr-defined]
    deadline = time.monotonic() + 5
    while app.sync.status().queued and time.monotonic() < deadline:
        app.sync.wake()
        time.sleep(0.02)
    app.sync.stop()
    assert server(app).posting_counts() == {payment_id: 1}
    assert app.sync.status().last_success_at is not None


def test_many_patients_many_postings(app: App) -> None:
    patients = open_patients(app)[:25]
    for patient in patients:
        payment_id = app.payments.start(request(app, patient, 500))
        app.payments.authorize(payment_id)
    assert app.sync.drain_once().posted == 25
    with app.ledger.read() as session:
        statuses = set(session.scalars(select(PaymentRow.status)))
    assert statuses == {PaymentStatus.CAPTURED.value}
