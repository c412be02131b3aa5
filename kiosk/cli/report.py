"""``kiosk report``: the end-of-day reconciliation as JSON, CSV or PDF."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.app import build_app
from kiosk.cli.output import emit_json
from kiosk.reports.close import build_report, record_batch
from kiosk.reports.dashboard import dashboard
from kiosk.reports.day import clinic_today
from kiosk.reports.export import report_csv, report_json

if TYPE_CHECKING:
    from kiosk.config.schema import Config


def run(args: argparse.Namespace, config: Config) -> int:
    if args.date:
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            print(f"error: --date {args.date!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
    else:
        day = None
    app = build_app(config)
    try:
        clinic = config.clinic
        day = day or clinic_today(app.ledger.clock(), clinic.timezone)
        if args.close_batch:
            totals = app.terminal.end_of_day()
            record_batch(app.ledger, config.terminal_id, day, app.terminal.name, totals.count,
                         totals.amount, totals.detail, f"cli:{app.actor}")
            print(f"closed the batch of {config.terminal_id}: {totals.count} sales, "
                  f"{totals.amount.format()}", file=sys.stderr)
        report = build_report(app.ledger, day, clinic.timezone, clinic.currency, clinic.name)
        if args.format == "json":
            text = None
            data = report_json(report)
            if args.output:
                import json

                Path(args.output).write_text(json.dumps(data, indent=2) + "\n")
            else:
                emit_json(data)
        elif args.format == "csv":
            text = report_csv(report)
            if args.output:
                Path(args.output).write_text(text)
            else:
                sys.stdout.write(text)
        else:
            from kiosk.reports.pdf import write_pdf

            path = Path(args.output or f"day-close-{day.isoformat()}.pdf")
            board = dashboard(app.ledger, day, clinic.timezone, clinic.currency)
            write_pdf(report, board, path)
            print(f"wrote {path}")
        if not report.balanced:
            errors = sum(1 for m in report.mismatches if m.severity == "error")
            print(f"not balanced: {errors} to fix, "
                  f"{len(report.mismatches) - errors} waiting or for information",
                  file=sys.stderr)
        return 0
    finally:
        app.close()
