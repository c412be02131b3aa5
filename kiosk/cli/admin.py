"""``kiosk migrate``, ``kiosk audit verify`` and ``kiosk secrets set``."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from kiosk.app import audit_key, ledger_url
from kiosk.audit.anchor import AnchorFile
from kiosk.audit.chain import verify_chain
from kiosk.cli.output import emit_json
from kiosk.ledger.database import make_engine
from kiosk.ledger.migrate import HEAD_REVISION, current_revision, upgrade_if_needed
from kiosk.secrets import SecretStore

if TYPE_CHECKING:
    from kiosk.config.schema import Config


def migrate(args: argparse.Namespace, config: Config) -> int:
    data_dir = config.resolved_data_dir()
    engine = make_engine(ledger_url(config, data_dir))
    try:
        before = current_revision(engine)
        ran = upgrade_if_needed(engine, backup_dir=data_dir / "backups")
        after = current_revision(engine)
    finally:
        engine.dispose()
    if ran:
        print(f"ledger migrated from {before or 'empty'} to {after}"
              + (f" (backup in {data_dir / 'backups'})" if before else ""))
    else:
        print(f"ledger already at {HEAD_REVISION}")
    return 0


def audit(args: argparse.Namespace, config: Config) -> int:
    from sqlalchemy.orm import Session

    data_dir = config.resolved_data_dir()
    key = audit_key(config, data_dir, SecretStore())
    engine = make_engine(ledger_url(config, data_dir))
    anchor_dir = config.audit.anchor_dir or str(data_dir / "audit-anchor")
    from pathlib import Path

    try:
        with Session(engine) as session:
            report = verify_chain(session, key, config.terminal_id,
                                  AnchorFile(Path(anchor_dir), config.terminal_id))
    finally:
        engine.dispose()
    if args.json:
        emit_json({"terminal_id": report.terminal_id, "ok": report.ok,
                   "entries": report.entries, "problems": report.problems,
                   "anchor_behind": report.anchor_behind})
    elif report.ok:
        print(f"audit chain of {report.terminal_id}: {report.entries} entries, intact"
              + (f" ({report.anchor_behind} entries after the anchor, from an interrupted "
                 "write; they verify)" if report.anchor_behind else ""))
    else:
        print(f"audit chain of {report.terminal_id}: TAMPERING OR DAMAGE DETECTED",
              file=sys.stderr)
        for problem in report.problems:
            print(f"  - {problem}", file=sys.stderr)
    return 0 if report.ok else 1


def secrets(args: argparse.Namespace, config: Config | None) -> int:
    if getattr(args, "systemd_creds", False):  # deployment (issue 9)
        return _systemd_credential(args)
    value = _read_value(args.name)
    if not value:
        print("error: empty value; nothing stored", file=sys.stderr)
        return 2
    try:
        SecretStore().set(args.name, value)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"stored {args.name} in the OS keyring")
    return 0


def _read_value(name: str) -> str:
    return getpass.getpass(f"value for {name}: ") if sys.stdin.isatty() \
        else sys.stdin.readline().rstrip("\n")


def _systemd_credential(args: argparse.Namespace) -> int:
    """``kiosk secrets set NAME --systemd-creds``: seal it for the kiosk's service."""
    from pathlib import Path

    from kiosk.systemd_creds import (
        DROP_IN,
        KNOWN_SECRETS,
        CredentialError,
        encrypt,
        instructions,
        unit_line,
    )

    credstore = Path(args.credstore)
    try:
        if args.print_only:
            print(instructions(args.name, credstore))
            return 0
        if args.name not in KNOWN_SECRETS:
            print(f"note: the kiosk reads no secret called {args.name!r} (it reads: "
                  + ", ".join(KNOWN_SECRETS) + ")", file=sys.stderr)
        value = _read_value(args.name)
        if not value:
            print("error: empty value; nothing stored", file=sys.stderr)
            return 2
        path = encrypt(args.name, value, credstore)
    except CredentialError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"sealed {args.name} in {path} (systemd-creds, this machine's key)")
    print(f"the unit loads it with this line (under [Service], e.g. in {DROP_IN}):")
    print(f"  {unit_line(args.name, credstore)}")
    print("then: systemctl daemon-reload && systemctl restart clinicpay-kiosk")
    return 0
