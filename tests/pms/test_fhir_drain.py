"""Draining the outbox to a real FHIR server: exactly once, across a server killed mid-drain.

The app is wired from config (pms.kind = "fhir") to Medplum's engine on
127.0.0.1; payments are taken on the simulated terminal; the sync worker
drains them in transaction Bundles. The server is SIGKILLed while the drain
runs and started again on the same port (it replays its journal, so it holds
what it acknowledged). Counted on the server by identifier: every payment is
held exactly once, and the posting requests that reached it are bounded: the
backlog once, plus at most one batch resent per failure.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import App, build_app
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentKind, PostingStatus
from kiosk.payments.service import PaymentRequest
from kiosk.sync.worker import DrainReport
from tests.conftest import make_config
from tests.pms.backlog import queue_payments
from tests.pms.conftest import fhir_config, secrets_with_fhir
from tests.pms.fhir_peer import FhirPeer

pytestmark = pytest.mark.slow

#: Medplum refuses transactions of more than 8 entries that hold conditional creates:
#: 4 postings of 2 entries each (docs/pms-fhir.md).
BATCH = 4


def fhir_app(data_dir: Path, peer: FhirPeer, batch_size: int = BATCH) -> App:
    pms = fhir_config(peer)
    pms["fhir"]["batch_size"] = batch_size
    config = make_config(data_dir, pms=pms)
    return build_app(config, secrets=secrets_with_fhir())


def take_payments(app: App, count: int, patients: list[str]) -> list[str]:
    ids = []
    for n in range(count):
        patient = patients[n % len(patients)]
        payment_id = app.payments.start(PaymentRequest(
            # amounts clear of the simulated terminal's magic $13.0x
            patient_id=patient, display_name="Test P.", amount=Money(1_500 + n),
            statement_balance=None, kind=PaymentKind.COPAY))
        assert app.payments.authorize(payment_id).approved
        ids.append(payment_id)
    return ids


def posted_requests(peer: FhirPeer) -> tuple[int, int]:
    """(transaction requests, postings in them) that reached the server."""
    requests = [r for r in peer.posting_requests() if r["postings"]]
    return len(requests), sum(r["postings"] for r in requests)


def test_small_drain_posts_each_once_in_batches(tmp_path: Path) -> None:
    peer = FhirPeer(tmp_path / "peer", seed_patients=300).start()
    app = fhir_app(tmp_path / "data", peer)
    try:
        ids = take_payments(app, 120, ["P000003", "P000010", "P000011"])
        report = app.sync.drain_once()
        assert report.posted == 120 and not report.failed and report.duplicates == 0
        counts = peer.counts()
        assert counts["PaymentReconciliation"] == {pid: 1 for pid in ids}
        assert counts["PaymentNotice"] == {pid: 1 for pid in ids}
        # Bundles of 4; the worker reads 50 rows at a time, so each read ends in a Bundle of 2
        assert posted_requests(peer) == (31, 120)
        assert app.sync.drain_once().posted == 0
        assert posted_requests(peer) == (31, 120)
    finally:
        app.close()
        peer.stop()


def test_bundles_too_big_for_the_server_are_split_and_the_size_learned(tmp_path: Path) -> None:
    peer = FhirPeer(tmp_path / "peer", seed_patients=300).start()
    app = fhir_app(tmp_path / "data", peer, batch_size=50)
    try:
        ids = take_payments(app, 100, ["P000003", "P000010"])
        report = app.sync.drain_once()
        assert report.posted == 100 and not report.failed
        assert peer.counts()["PaymentReconciliation"] == {pid: 1 for pid in ids}
        assert app.pms.batch_size == 4  # type: ignore[attr-defined]
        requests, postings = posted_requests(peer)
        # refused only while learning: 50, 25, 13, 7 postings; then Bundles of 4
        assert postings == 100 + 50 + 25 + 13 + 7, (requests, postings)
    finally:
        app.close()
        peer.stop()


def test_a_rejected_posting_is_set_aside_and_the_batch_goes_on(tmp_path: Path) -> None:
    peer = FhirPeer(tmp_path / "peer", seed_patients=300).start()
    app = fhir_app(tmp_path / "data", peer)
    try:
        before = take_payments(app, 3, ["P000003"])
        closed = take_payments(app, 1, ["P000009"])  # Wright: account closed
        after = take_payments(app, 3, ["P000010"])
        report = app.sync.drain_once()
        assert report.posted == 6 and report.rejected == 1 and not report.failed
        with app.ledger.read() as session:
            from kiosk.ledger.models import OutboxRow

            rows = {r.payment_id: r for r in session.query(OutboxRow)}
        assert rows[closed[0]].status == PostingStatus.ATTENTION.value
        assert "closed" in rows[closed[0]].last_error
        assert set(peer.counts()["PaymentReconciliation"]) == set(before + after)
    finally:
        app.close()
        peer.stop()


def test_server_killed_mid_drain_every_payment_posted_exactly_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    peer = FhirPeer(tmp_path / "peer", seed_patients=300).start()
    app = fhir_app(tmp_path / "data", peer)
    try:
        patients = [f"P{n:06d}" for n in range(10, 60)]
        started = time.monotonic()
        ids = queue_payments(app, 1_000, patients)
        taken = time.monotonic() - started
        reports: list[DrainReport] = []
        drain = threading.Thread(target=lambda: reports.append(app.sync.drain_once()))
        drain.start()
        deadline = time.monotonic() + 120
        while posted_requests(peer)[0] < 4 and time.monotonic() < deadline:
            time.sleep(0.005)
        peer.kill()  # in the middle of the drain: requests in flight are cut
        drain.join(120)
        assert reports and reports[0].failed, reports
        assert 0 < app.sync.status().queued < 1_000
        peer.start()  # same port; replays what it had acknowledged
        drain_started = time.monotonic()
        passes = 0
        while app.sync.status().queued and passes < 10:
            reports.append(app.sync.drain_once())
            passes += 1
        drained = time.monotonic() - drain_started
        assert app.sync.status().queued == 0 and app.sync.status().posted == 1_000
        counts = peer.counts()
        assert counts["PaymentReconciliation"] == {pid: 1 for pid in ids}
        assert counts["PaymentNotice"] == {pid: 1 for pid in ids}
        requests, postings = posted_requests(peer)
        # The backlog once, plus at most the one batch that was cut by the kill.
        assert postings <= 1_000 + BATCH, postings
        assert requests <= 1_000 // BATCH + 1_000 // 50 + 1, requests
        with capsys.disabled():
            print(f"\nFHIR drain: 1000 payments queued in {taken:.1f} s; killed after "
                  f"{reports[0].posted} posted; rest drained in {drained:.1f} s; "
                  f"{requests} transaction requests carrying {postings} postings; "
                  f"{sum(r.duplicates for r in reports)} found already held")
    finally:
        app.close()
        peer.stop()


def test_expired_tokens_are_renewed_without_losing_postings(tmp_path: Path) -> None:
    peer = FhirPeer(tmp_path / "peer", seed_patients=300, token_ttl_s=1).start()
    app = fhir_app(tmp_path / "data", peer)
    try:
        first = take_payments(app, 2, ["P000003"])
        assert app.sync.drain_once().posted == 2
        time.sleep(1.2)  # the token the adapter holds has expired on the server
        second = take_payments(app, 2, ["P000003"])
        report: Any = app.sync.drain_once()
        assert report.posted == 2 and not report.failed
        assert set(peer.counts()["PaymentReconciliation"]) == set(first + second)
    finally:
        app.close()
        peer.stop()
