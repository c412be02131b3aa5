"""A shared PostgreSQL ledger: many workers and terminals at once, nothing done twice."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.app import App, build_app
from kiosk.audit.chain import verify_chain
from kiosk.domain.payment import PostingStatus
from kiosk.ledger.models import OutboxRow
from kiosk.sync.claimed import ClaimingSyncWorker
from kiosk.sync.worker import DrainReport
from tests.conftest import make_config, secrets
from tests.helpers import open_patients, request

pytestmark = pytest.mark.postgres


@pytest.fixture
def shared(postgres_server: Any, data_dir: Path) -> Any:
    """Apps on one PostgreSQL ledger and one demo PMS, as a clinic's kiosks and counters."""
    name = postgres_server.new_database()
    apps: list[App] = []

    def make(terminal_id: str, **overrides: Any) -> App:
        config = make_config(data_dir, terminal_id=terminal_id,
                             ledger={"url": postgres_server.url(name)}, **overrides)
        app = build_app(config, secrets=secrets())
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()
    postgres_server.drop_database(name)


def run_together(*work: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)

    def runner(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work[index]()
        except BaseException as exc:  # reported to the test below
            results[index] = exc

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_two_workers_draining_one_outbox_post_every_item_exactly_once(shared: Any) -> None:
    slow_pms = {"pms": {"demo": {"latency_ms": 2}}}
    kiosk, counter = shared("kiosk-a", **slow_pms), shared("counter-b", **slow_pms)
    assert isinstance(kiosk.sync, ClaimingSyncWorker)
    paid = []
    for index, patient in enumerate(open_patients(kiosk)[:40]):
        app = kiosk if index % 2 else counter
        payment_id = app.payments.start(request(app, patient, 300 + index))
        assert app.payments.authorize(payment_id).approved
        paid.append(payment_id)
    reports = run_together(kiosk.sync.drain_once, counter.sync.drain_once)
    assert all(isinstance(r, DrainReport) and not r.failed for r in reports), reports
    assert sum(r.posted for r in reports) == len(paid)
    assert all(r.posted > 0 for r in reports), "both workers should have taken a share"
    server = kiosk.pms.server  # type: ignore[attr-defined]
    assert server.posting_counts() == {pid: 1 for pid in paid}  # one record per posting id
    assert server.request_counts() == {pid: 1 for pid in paid}  # and one request each
    with kiosk.ledger.read() as session:
        statuses = set(session.scalars(select(OutboxRow.status)))
    assert statuses == {PostingStatus.POSTED.value}
    # each terminal's audit chain is intact
    for app in (kiosk, counter):
        with app.ledger.read() as session:
            report = verify_chain(session, app.ledger.audit_chain._key,
                                  app.ledger.terminal_id, app.ledger.audit_chain.anchor)
        assert report.ok, report.problems


def test_audit_appends_of_one_terminal_from_many_threads_keep_one_chain(shared: Any) -> None:
    apps = [shared("counter-1") for _ in range(4)]  # four processes' worth of engines

    def append(app: App) -> Callable[[], int]:
        def work() -> int:
            for index in range(30):
                with app.ledger.transaction() as tx:
                    tx.audit("test", "something.happened", str(index))
            return 30
        return work

    results = run_together(*(append(app) for app in apps))
    assert results == [30] * 4, results
    with apps[0].ledger.read() as session:
        report = verify_chain(session, apps[0].ledger.audit_chain._key,
                              "counter-1", None)
    assert report.ok and report.entries == 120, report.problems
