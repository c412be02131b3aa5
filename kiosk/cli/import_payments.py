"""``kiosk import-payments FILE [--dry-run]``: historical payments, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.app import build_app
from kiosk.cli.output import emit_json
from kiosk.importer.payments_csv import import_payments

if TYPE_CHECKING:
    from kiosk.config.schema import Config

SHOWN_ERRORS = 50


def run(args: argparse.Namespace, config: Config) -> int:
    app = build_app(config)
    try:
        def progress(done: int, total: int, phase: str) -> None:
            if sys.stderr.isatty() and total:
                print(f"\r{phase}: {done}/{total}", end="", file=sys.stderr, flush=True)

        report = import_payments(app.ledger, Path(args.file), config.clinic.currency,
                                 config.clinic.timezone, f"cli:{app.actor}",
                                 dry_run=args.dry_run, on_progress=progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
    finally:
        app.close()
    if args.json:
        emit_json({"file": report.file, "sha256": report.sha256, "rows": report.rows,
                   "valid": report.valid, "imported": report.imported,
                   "already_imported": report.already_imported,
                   "total_cents": report.total.cents if report.total else None,
                   "dry_run": report.dry_run, "ok": report.ok,
                   "errors": [{"line": e.line, "column": e.column, "message": e.message}
                              for e in report.errors]})
    elif report.ok:
        verb = "would import" if report.dry_run else "imported"
        count = report.valid - report.already_imported if report.dry_run else report.imported
        print(f"{verb} {count} payments"
              + (f" ({report.total.format()} in all rows)" if report.total else "")
              + (f"; {report.already_imported} were imported before" if
                 report.already_imported else ""))
    else:
        print(f"nothing imported: {len(report.errors)} problems in {report.file}",
              file=sys.stderr)
        for error in report.errors[:SHOWN_ERRORS]:
            where = f"line {error.line}" + (f", {error.column}" if error.column else "")
            print(f"  {where}: {error.message}", file=sys.stderr)
        if len(report.errors) > SHOWN_ERRORS:
            print(f"  ... and {len(report.errors) - SHOWN_ERRORS} more (--json lists all)",
                  file=sys.stderr)
    return 0 if report.ok else 1
