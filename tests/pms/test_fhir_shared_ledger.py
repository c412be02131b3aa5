"""Kiosks and a counter on one PostgreSQL ledger, draining to a real FHIR server together.

Each worker claims up to a read's worth of due postings (``FOR UPDATE SKIP LOCKED``) and
sends them in transaction Bundles, recording the outcomes in the claiming transaction.
Counted on the server: every payment held exactly once, and no Bundle sent twice; a PMS
that is down leaves the claimed rows queued for the next drain.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import App, build_app
from kiosk.sync.claimed import ClaimingSyncWorker
from kiosk.sync.worker import DrainReport
from tests.conftest import make_config
from tests.pms.conftest import fhir_config, secrets_with_fhir
from tests.pms.fhir_peer import FhirPeer
from tests.pms.test_fhir_drain import BATCH, posted_requests, take_payments

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_two_workers_on_a_shared_ledger_post_each_payment_once_in_bundles(
        tmp_path: Path, postgres_server: Any) -> None:
    peer = FhirPeer(tmp_path / "peer", seed_patients=300).start()
    name = postgres_server.new_database()
    apps: list[App] = []
    try:
        for terminal_id in ("kiosk-a", "counter-b"):
            pms = fhir_config(peer)
            pms["fhir"]["batch_size"] = BATCH
            config = make_config(tmp_path / terminal_id, terminal_id=terminal_id, pms=pms,
                                 ledger={"url": postgres_server.url(name)})
            app = build_app(config, secrets=secrets_with_fhir())
            app.sync.batch_size = 10  # rows claimed at once (the worker reads 50 by default)
            apps.append(app)
        kiosk, counter = apps
        assert isinstance(kiosk.sync, ClaimingSyncWorker)
        ids = (take_payments(kiosk, 30, ["P000003", "P000010"])
               + take_payments(counter, 30, ["P000011", "P000012"]))
        peer.kill()  # the PMS is down: the claimed rows stay queued, nothing is lost
        down = kiosk.sync.drain_once()
        assert down.failed and down.posted == 0 and "unreachable" in down.error
        peer.start()  # same port, what it held before
        reports: list[Any] = [None, None]
        barrier = threading.Barrier(2)

        def drain(index: int) -> None:
            barrier.wait()
            reports[index] = apps[index].sync.drain_once()

        threads = [threading.Thread(target=drain, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        assert all(isinstance(r, DrainReport) and not r.failed for r in reports), reports
        assert sum(r.posted for r in reports) == len(ids)
        counts = peer.counts()
        assert counts["PaymentReconciliation"] == {pid: 1 for pid in ids}
        requests, postings = posted_requests(peer)
        assert postings == len(ids)  # nothing resent: each claimed once
        # claims of 10 rows, each sent as Bundles of 4, 4 and 2: batched, not one by one
        assert requests <= math.ceil(len(ids) / 10) * math.ceil(10 / BATCH) < len(ids)
        assert kiosk.sync.drain_once().posted == 0 and counter.sync.drain_once().posted == 0
    finally:
        for app in apps:
            app.close()
        peer.stop()
        postgres_server.drop_database(name)
