"""``kiosk sync`` and ``kiosk queue``: the outbox, seen and drained from the command line."""

from __future__ import annotations

import argparse
import sys
import threading
from typing import TYPE_CHECKING

from sqlalchemy import select

from kiosk.app import build_app
from kiosk.cli.output import emit_json
from kiosk.domain.payment import PostingStatus
from kiosk.ledger.models import OutboxRow, PaymentRow
from kiosk.sync.worker import SyncBusy

if TYPE_CHECKING:
    from kiosk.config.schema import Config


def sync(args: argparse.Namespace, config: Config) -> int:
    app = build_app(config)
    try:
        if args.once:
            try:
                report = app.sync.drain_once()
            except SyncBusy as exc:
                print(f"not synced: {exc}", file=sys.stderr)
                return 1
            print(f"posted {report.posted} ({report.duplicates} already on file), "
                  f"set aside {report.rejected}"
                  + (f"; stopped: {report.error}" if report.failed else ""))
            return 1 if report.failed else 0
        print("syncing continuously; press Ctrl+C to stop", file=sys.stderr)
        app.sync.start()
        threading.Event().wait()
        return 0
    finally:
        app.close()


def show(args: argparse.Namespace, config: Config) -> int:
    app = build_app(config)
    try:
        if args.retry:
            ok = app.sync.retry(args.retry, actor=f"cli:{app.actor}")
            print("requeued" if ok else "no such posting needs attention")
            return 0 if ok else 1
        with app.ledger.read() as session:
            rows = session.execute(
                select(OutboxRow, PaymentRow.display_name, PaymentRow.method)
                .join(PaymentRow, PaymentRow.id == OutboxRow.payment_id)
                .where(OutboxRow.status != PostingStatus.POSTED.value)
                .order_by(OutboxRow.seq)
            ).all()
            items = [{
                "posting_id": row.posting_id, "kind": row.kind, "payment_id": row.payment_id,
                "display_name": name, "method": method, "amount_cents": row.amount_cents,
                "currency": row.currency, "status": row.status, "attempts": row.attempts,
                "last_error": row.last_error, "created_at": row.created_at.isoformat(),
            } for row, name, method in rows]
        status = app.sync.status()
        if args.json:
            emit_json({"queued": status.queued, "attention": status.attention,
                       "posted": status.posted, "items": items})
            return 0
        print(f"queued {status.queued}, needing attention {status.attention}, "
              f"posted {status.posted}")
        for item in items:
            print(f"  {item['status']:<9} {item['kind']:<8} {item['amount_cents']:>9} "
                  f"{item['currency']} {item['posting_id']}  tries {item['attempts']}"
                  + (f"  ({item['last_error']})" if item["last_error"] else ""))
        return 0
    finally:
        app.close()
