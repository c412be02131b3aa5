"""Benchmark: drain a backlog of payments to the FHIR test server, against its raw ingest rate.

    .venv/bin/python -m bench.fhir_drain [--payments 10000]

1. Start the FHIR test server (Medplum's engine, tests/pms/fhir_server) seeded with the
   demo clinic, and queue N payments in a fresh ledger (one payment is taken through the
   real payment core; the rest are copies of its rows with new ids, so the set-up does not
   take minutes).
2. Drain them through the real sync worker and FHIR adapter on a worker thread, while the
   main thread runs a bare Qt event loop (QCoreApplication with a 5 ms QTimer) and records
   the longest gap between ticks beyond the interval: the GUI's longest stall.
3. Start a second, fresh server and send it the very same transaction Bundles (read back
   from the first server's journal) from a plain HTTP client, one after another on one
   keep-alive connection: the server's raw ingest rate for this work.

Prints the figures and the ratio drain rate / raw ingest rate (target >= 50%) and the
longest stall (target <= 50 ms). Qt is used here only, never in kiosk/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx

from kiosk.app import build_app
from tests.conftest import make_config
from tests.pms.backlog import queue_payments
from tests.pms.conftest import fhir_config, secrets_with_fhir
from tests.pms.fhir_peer import CLIENT_ID, CLIENT_SECRET, FhirPeer

T = TypeVar("T")


def settle_heap(freeze: bool) -> float:
    """What a GUI does once it has started: collect, then freeze the start-up heap.

    Qt bindings and the FHIR models leave hundreds of thousands of long-lived objects;
    without ``gc.freeze()`` every generation-2 collection walks them all, holding the GIL
    for tens of milliseconds (measured here: the drain's worst stall was such a pause).
    Returns how long one full collection took, i.e. the pause an unfrozen heap costs.
    """
    import gc

    started = time.perf_counter()
    gc.collect()
    took = (time.perf_counter() - started) * 1000
    if freeze:
        gc.freeze()
    return took


@dataclass
class Watched:
    """What a bare Qt event loop saw while some work ran on a worker thread."""

    seconds: float = 0.0
    worst_stall_ms: float = 0.0
    worst_at_s: float = 0.0
    ticks: int = 0
    gc_pauses_ms: list[float] = field(default_factory=list)  # generation-2 only


def watch_event_loop(work: Callable[[], T]) -> tuple[T, Watched]:
    """Run ``work`` on a worker thread while this thread runs a QCoreApplication whose 5 ms
    QTimer records the longest gap between ticks beyond the interval (the GUI's stall)."""
    import gc

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QTimer

    qt = QCoreApplication.instance() or QCoreApplication([])
    interval_ms = 5
    watched = Watched()
    results: list[T] = []
    errors: list[BaseException] = []
    started = last = time.perf_counter()
    gc_started = 0.0

    def tick() -> None:
        nonlocal last
        now = time.perf_counter()
        gap = (now - last) * 1000 - interval_ms
        if gap > watched.worst_stall_ms:
            watched.worst_stall_ms, watched.worst_at_s = gap, now - started
        last = now
        watched.ticks += 1
        if results or errors:
            qt.quit()

    def on_gc(phase: str, info: dict[str, int]) -> None:
        nonlocal gc_started
        if phase == "start":
            gc_started = time.perf_counter()
        elif info["generation"] == 2:  # keep only these: the list itself must not grow much
            watched.gc_pauses_ms.append((time.perf_counter() - gc_started) * 1000)

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:
            errors.append(exc)
        finally:
            watched.seconds = time.perf_counter() - started

    gc.callbacks.append(on_gc)
    timer = QTimer()
    timer.setInterval(interval_ms)
    timer.timeout.connect(tick)
    worker = threading.Thread(target=run, name="work")
    timer.start()
    worker.start()
    qt.exec()
    timer.stop()
    worker.join()
    gc.callbacks.remove(on_gc)
    if errors:
        raise errors[0]
    return results[0], watched


def raw_ingest(folder: Path, bundles: list[str]) -> float:
    """Seconds for a fresh server to take these Bundles from a plain HTTP client."""
    peer = FhirPeer(folder).start()
    try:
        with httpx.Client(timeout=120) as client:
            token = client.post(peer.token_url, data={"grant_type": "client_credentials"},
                                auth=(CLIENT_ID, CLIENT_SECRET)).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}",
                       "Content-Type": "application/fhir+json"}
            started = time.perf_counter()
            for body in bundles:
                response = client.post(peer.base_url, content=body, headers=headers)
                response.raise_for_status()
            return time.perf_counter() - started
    finally:
        peer.stop()


def describe(what: str, watched: Watched) -> str:
    pauses = sorted(watched.gc_pauses_ms, reverse=True)[:3]
    return (f"longest event-loop stall {what}: {watched.worst_stall_ms:.1f} ms "
            f"(at {watched.worst_at_s:.1f} s, {watched.ticks} ticks of 5 ms; longest "
            f"generation-2 GC pauses: {', '.join(f'{p:.0f} ms' for p in pauses) or 'none'})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=4,
                        help="postings per transaction Bundle (Medplum's limit is 4)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave the start-up heap to the cyclic GC (see settle_heap)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="clinicpay-bench-"))
    try:
        peer = FhirPeer(work / "server-a").start()
        pms = fhir_config(peer)
        pms["fhir"]["batch_size"] = args.batch_size
        app = build_app(make_config(work / "data", pms=pms), secrets=secrets_with_fhir())
        try:
            started = time.perf_counter()
            queue_payments(app, args.payments, [f"P{10 + n:06d}" for n in range(300)])
            print(f"queued {args.payments} payments in {time.perf_counter() - started:.1f} s")
            full_gc_ms = settle_heap(freeze=not args.no_freeze)
            report, drained = watch_event_loop(app.sync.drain_once)
        finally:
            app.close()
            peer.stop()
        assert report.posted == args.payments and not report.failed, report
        journal = [json.loads(line) for line in peer.journal.read_text().splitlines()]
        bundles = [json.dumps(entry["body"]) for entry in journal
                   if entry["body"].get("type") == "transaction"]
        requests = len(bundles)
        raw_seconds, baseline = watch_event_loop(lambda: raw_ingest(work / "server-b", bundles))
        seconds = drained.seconds
        drain_rate, raw_rate = args.payments / seconds, args.payments / raw_seconds
        print(f"drain: {args.payments} payments in {seconds:.1f} s = {drain_rate:.0f}/s "
              f"({requests} transaction Bundles, {report.duplicates} duplicates)")
        print(f"raw ingest of the same {requests} Bundles: {raw_seconds:.1f} s = "
              f"{raw_rate:.0f} payments/s")
        print(f"ratio drain/raw: {drain_rate / raw_rate:.0%} (target >= 50%)")
        print(f"a full GC of this process took {full_gc_ms:.0f} ms before gc.freeze() "
              f"({'not ' if args.no_freeze else ''}frozen for the runs)")
        print(describe("during the drain", drained) + " (target <= 50 ms)")
        print(describe("during the raw ingest (baseline: a plain client on the worker "
                       "thread)", baseline))
        return 0
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
