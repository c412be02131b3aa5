"""``kiosk devices``: test the card terminal, the printer and the scanner; ``kiosk reprint``.

The same functions the admin screen calls (:mod:`kiosk.device_checks`). None
of them moves money.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from kiosk.app import build_app
from kiosk.cli.output import emit_json
from kiosk.device_checks import check_terminal, print_test_receipt, read_test_scan
from kiosk.reprint import reprint

if TYPE_CHECKING:
    from kiosk.config.schema import Config


def run(args: argparse.Namespace, config: Config) -> int:
    app = build_app(config)
    extra: dict[str, str] = {}
    try:
        clinic = config.clinic
        if args.device == "terminal":
            health = check_terminal(app.terminal)
            ok, detail = health.ok, health.detail
        elif args.device == "printer":
            printed = print_test_receipt(app.printer, clinic.name, clinic.address,
                                         clinic.currency, clinic.portal_url)
            ok, detail = printed.ok, printed.staff_message or "test page printed"
        else:
            scan = read_test_scan(app.scanner, args.timeout)
            ok, detail = scan.ok, scan.detail
            extra["preview"] = scan.preview
    finally:
        app.close()
    if args.json:
        emit_json({"device": args.device, "ok": ok, "detail": detail, **extra})
    else:
        print(f"{'ok    ' if ok else 'FAILED'} {args.device:<9} {detail}"
              + (f" {extra['preview']}" if extra.get("preview") else ""))
    return 0 if ok else 1


def reprint_command(args: argparse.Namespace, config: Config) -> int:
    app = build_app(config)
    try:
        clinic = config.clinic
        result = reprint(app.ledger, app.printer, args.payment_id, clinic.name, clinic.address,
                         clinic.portal_url)
    finally:
        app.close()
    if result.ok:
        print(f"receipt for {args.payment_id} printed again"
              + (f" ({result.staff_message})" if result.staff_message else ""))
        return 0
    print(f"not printed: {result.staff_message}", file=sys.stderr)
    return 1
