"""``kiosk doctor``: every part checked, each ok or failed with the reason.

Exits non-zero when a required part fails. Never takes a payment or prints a
receipt: every check is a side-effect-free probe.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.cli.output import emit_json

if TYPE_CHECKING:
    from kiosk.config.schema import Config


@dataclass
class Check:
    name: str
    ok: bool
    required: bool
    detail: str


def gather(config_path: str | None) -> list[Check]:
    from kiosk.config import ConfigError, load_config, resolve_config_path

    checks: list[Check] = []
    try:
        path = resolve_config_path(config_path)
        config = load_config(config_path)
    except ConfigError as exc:
        return [Check("config", False, True, str(exc))]
    checks.append(Check("config", True, True,
                        f"{path} ({config.mode} mode, terminal id {config.terminal_id})"))
    from kiosk.app import build_app
    from kiosk.ledger.database import LedgerError
    from kiosk.secrets import MissingSecret

    try:
        app = build_app(config)
    except MissingSecret as exc:  # a secret the configured parts need is missing or unusable
        checks.append(Check("secrets", False, True, str(exc)))
        return checks
    except (LedgerError, OSError) as exc:
        checks.append(Check("database", False, True, str(exc)))
        return checks
    try:
        from kiosk.audit.chain import verify_chain

        with app.ledger.read() as session:
            report = verify_chain(session, app.ledger.audit_chain._key, config.terminal_id,
                                  app.ledger.audit_chain.anchor)
        status = app.sync.status()
        checks.append(Check(
            "database", report.ok, True,
            f"{app.ledger.dialect} ledger at schema head; {status.queued} postings queued, "
            f"{status.attention} need attention; audit chain "
            + ("intact" if report.ok else "BROKEN: " + "; ".join(report.problems))))
        health = app.pms.health()
        checks.append(Check("pms", health.ok, True, health.detail))
        health = app.terminal.probe()
        checks.append(Check("terminal", health.ok, True, health.detail))
        if app.phone is not None:  # pay on your phone: optional, the kiosk runs without it
            health = app.phone.checkout.probe()
            checks.append(Check("phone", health.ok, False, health.detail))
        health = app.printer.probe()
        checks.append(Check("printer", health.ok, bool(config.printer.required), health.detail))
        if app.scanner is not None:  # serial devices: the statement scanner, never required
            health = app.scanner.probe()
            checks.append(Check("scanner", health.ok, False, health.detail))
        from devices.speech.players import SilentPlayer
        from kiosk.app import build_speaker

        speaker = build_speaker(config, SilentPlayer())
        if speaker is None:
            checks.append(Check("speech", True, False, "not configured (no audio mode)"))
        else:
            health = speaker.probe()
            speaker.close()
            checks.append(Check("speech", health.ok, False, health.detail))
        # notices: email and SMS servers, and the notice queue (issue 10)
        from kiosk.notify.health import notice_checks

        checks.extend(Check(*check) for check in notice_checks(app))
    finally:
        app.close()
    return checks


def run(args: argparse.Namespace, _config: Config | None) -> int:
    checks = gather(args.config)
    failed_required = [c for c in checks if c.required and not c.ok]
    if getattr(args, "json", False):
        emit_json({"ok": not failed_required,
                   "checks": [c.__dict__ for c in checks]})
    else:
        for check in checks:
            mark = "ok    " if check.ok else ("FAILED" if check.required else "warn  ")
            print(f"{mark} {check.name:<9} {check.detail}")
        if failed_required:
            print(f"{len(failed_required)} required part(s) failed", file=sys.stderr)
    return 1 if failed_required else 0
