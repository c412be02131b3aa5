"""``kiosk users add|disable|enable|list|password``: staff accounts for counter mode.

Passwords are read from the terminal (asked twice, not echoed) or, when the
standard input is not a terminal, from its first line; never from the
command line, where they would sit in the shell history and process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from kiosk.cli.output import emit_json
from kiosk.domain.staff import Role

if TYPE_CHECKING:  # the ledger (SQLAlchemy) only when a users command runs, not for `kiosk run`
    from kiosk.config.schema import Config
    from kiosk.ledger.database import Ledger
    from kiosk.staff.accounts import StaffAccounts


def _read_password() -> str | None:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        print("error: the two passwords differ; nothing was changed", file=sys.stderr)
        return None
    return first


def _open(config: Config) -> tuple[Ledger, StaffAccounts, str]:
    from kiosk.app import audit_key, ledger_url
    from kiosk.audit.anchor import AnchorFile
    from kiosk.audit.chain import AuditChain
    from kiosk.ledger.database import open_ledger
    from kiosk.secrets import SecretStore
    from kiosk.staff.accounts import LockoutPolicy, StaffAccounts
    from kiosk.staff.passwords import Passwords

    data_dir = config.resolved_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    anchor_dir = config.audit.anchor_dir or str(data_dir / "audit-anchor")
    from pathlib import Path

    chain = AuditChain(audit_key(config, data_dir, SecretStore()), config.terminal_id,
                       AnchorFile(Path(anchor_dir), config.terminal_id))
    ledger = open_ledger(ledger_url(config, data_dir), config.terminal_id, config.channel,
                         chain, backup_dir=data_dir / "backups")
    counter = config.counter
    accounts = StaffAccounts(ledger, Passwords(min_length=counter.min_staff_passphrase_chars),
                             LockoutPolicy(counter.max_sign_in_failures, counter.lockout_s))
    return ledger, accounts, f"cli:{config.channel}:{config.terminal_id}"


def run(args: argparse.Namespace, config: Config) -> int:
    from kiosk.staff.accounts import AccountError
    from kiosk.staff.passwords import WeakPassword

    ledger, accounts, actor = _open(config)
    try:
        if args.users_command == "list":
            members = accounts.members()
            if args.json:
                emit_json([{"username": m.username, "display_name": m.display_name,
                            "role": m.role.value, "active": m.active,
                            "locked_until": m.locked_until.isoformat() if m.locked_until
                            else None,
                            "last_sign_in_at": m.last_sign_in_at.isoformat()
                            if m.last_sign_in_at else None} for m in members])
            else:
                for m in members:
                    print(f"{m.username:<20} {m.role.value:<13} "
                          f"{'active' if m.active else 'DISABLED':<9} {m.display_name}")
            return 0
        if args.users_command in ("disable", "enable"):
            if accounts.set_active(args.username, args.users_command == "enable", actor):
                print(f"{args.username} {args.users_command}d")
                return 0
            print(f"error: no user {args.username!r}", file=sys.stderr)
            return 1
        password = _read_password()
        if not password:
            print("error: no password given; nothing was changed", file=sys.stderr)
            return 2
        try:
            if args.users_command == "add":
                member = accounts.add(args.username, args.name or args.username,
                                      Role(args.role), password, actor)
                print(f"added {member.username} ({member.role.value})")
                return 0
            if accounts.set_password(args.username, password, actor):
                print(f"password of {args.username} changed")
                return 0
            print(f"error: no user {args.username!r}", file=sys.stderr)
            return 1
        except (AccountError, WeakPassword) as exc:
            print(f"error: {exc}; nothing was changed", file=sys.stderr)
            return 2
    finally:
        ledger.close()


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    users = sub.add_parser("users", parents=[common], help="staff accounts (counter mode)")
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="add a member of staff "
                             "(password from the terminal or standard input)")
    add.add_argument("username")
    add.add_argument("--role", choices=[r.value for r in Role], required=True)
    add.add_argument("--name", help="display name shown at the counter")
    for verb in ("disable", "enable"):
        action = actions.add_parser(verb, parents=[common], help=f"{verb} an account")
        action.add_argument("username")
    password = actions.add_parser("password", parents=[common],
                                  help="set a new password (from the terminal or stdin)")
    password.add_argument("username")
    listing = actions.add_parser("list", parents=[common], help="list staff accounts")
    listing.add_argument("--json", action="store_true")
