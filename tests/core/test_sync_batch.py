"""The sync worker's batch path (adapters with ``post_many``): same order, same stop rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from kiosk.app import App
from kiosk.domain.payment import PostingStatus
from kiosk.domain.posting import Posting
from kiosk.ledger.models import OutboxRow
from kiosk.pms.demo import DemoPms
from kiosk.ports.pms import BatchPosting, PmsError, PmsUnavailable, PostReceipt
from kiosk.sync.backoff import Backoff
from kiosk.sync.worker import SyncWorker
from tests.core.test_sync import pay


class BatchingDemo:
    """The demo PMS with a post_many, scripted to fail at one position (a unit-test double)."""

    name = "batching-demo"

    def __init__(self, demo: DemoPms, fail_at: int | None = None, short: bool = False,
                 explode: bool = False) -> None:
        self.demo = demo
        self.fail_at = fail_at
        self.short = short
        self.explode = explode
        self.calls: list[int] = []

    def post(self, posting: Posting) -> PostReceipt:
        raise AssertionError("the worker must use post_many when it exists")

    def post_many(self, postings: Sequence[Posting]) -> list[PostReceipt | PmsError]:
        self.calls.append(len(postings))
        if self.explode:
            raise RuntimeError("adapter bug")
        results: list[PostReceipt | PmsError] = []
        for index, posting in enumerate(postings):
            if index == self.fail_at:
                results.append(PmsUnavailable("went away"))
                return results
            try:
                results.append(self.demo.post(posting))
            except PmsError as exc:
                results.append(exc)
        return results[:-1] if self.short else results

    def __getattr__(self, name: str) -> Any:
        return getattr(self.demo, name)


def worker(app: App, pms: Any) -> SyncWorker:
    assert isinstance(pms, BatchPosting)
    return SyncWorker(app.ledger, pms, Backoff(1, 5), app.actor, batch_size=3)


def statuses(app: App) -> list[tuple[str, int]]:
    with app.ledger.read() as session:
        return [(r.status, r.attempts) for r in
                session.scalars(select(OutboxRow).order_by(OutboxRow.seq))]


def test_batches_in_order_rejections_set_aside(app: App) -> None:
    ids = [pay(app), pay(app, "closed"), pay(app, "two_part"), pay(app, "hyphen")]
    pms = BatchingDemo(app.pms)  # type: ignore[arg-type]
    report = worker(app, pms).drain_once()
    assert pms.calls == [3, 1]  # the worker's batch size, then the rest
    assert report.posted == 3 and report.rejected == 1 and not report.failed
    assert [s for s, _ in statuses(app)] == ["posted", "attention", "posted", "posted"]
    assert app.pms.server.posting_counts() == {ids[0]: 1, ids[2]: 1, ids[3]: 1}  # type: ignore[attr-defined]


def test_a_transient_failure_stops_at_that_row(app: App) -> None:
    for key in ("accents", "two_part", "hyphen", "apostrophe"):
        pay(app, key)
    report = worker(app, BatchingDemo(app.pms, fail_at=1)).drain_once()  # type: ignore[arg-type]
    assert report.failed and report.posted == 1 and "went away" in report.error
    assert statuses(app) == [("posted", 1), ("queued", 1), ("queued", 0), ("queued", 0)]


def test_an_adapter_that_answers_for_fewer_is_a_failure_at_the_first_unanswered(
        app: App) -> None:
    for key in ("accents", "two_part", "hyphen"):
        pay(app, key)
    report = worker(app, BatchingDemo(app.pms, short=True)).drain_once()  # type: ignore[arg-type]
    assert report.failed and report.posted == 2 and "fewer" in report.error
    assert statuses(app)[2] == (PostingStatus.QUEUED.value, 1)


def test_an_adapter_that_raises_does_not_kill_the_worker(app: App) -> None:
    pay(app)
    report = worker(app, BatchingDemo(app.pms, explode=True)).drain_once()  # type: ignore[arg-type]
    assert report.failed and report.error == "RuntimeError"
    assert statuses(app) == [("queued", 1)]
