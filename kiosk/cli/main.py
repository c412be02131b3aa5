"""``kiosk`` entry point: parse arguments, load config, dispatch, map errors to exit codes.

Exit codes: 0 success, 1 the operation failed (declined, PMS down, a doctor
check failed), 2 bad usage or bad configuration (nothing was changed).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="ClinicPay Kiosk: patient payment kiosk and counter terminal"
    )
    parser.add_argument("--version", action="version", version=_version())  # deployment
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="PATH",
                        help="TOML config file (default: $KIOSK_CONFIG, the site config, or "
                             "config/demo.toml)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", parents=[common], help="start the kiosk")
    run.add_argument("--mode", choices=("kiosk", "counter"), default=None)
    run.add_argument("--windowed", action="store_true", help="not full-screen (development)")
    run.add_argument("--smoke", action="store_true", help="start, report timings and exit")

    lookup = sub.add_parser("lookup", parents=[common], help="find a patient and show the "
                            "statement")
    lookup.add_argument("--family", required=True, help="family (last) name")
    lookup.add_argument("--birthdate", required=True, help="date of birth, YYYY-MM-DD")
    lookup.add_argument("--zip", dest="postal_code", help="ZIP code, when several match")
    lookup.add_argument("--phone-last4", help="last four digits of the phone number")
    lookup.add_argument("--json", action="store_true", help="statement as JSON (integer cents)")

    sync = sub.add_parser("sync", parents=[common], help="send queued postings to the PMS")
    sync.add_argument("--once", action="store_true", help="one pass, then exit")

    queue = sub.add_parser("queue", parents=[common], help="show the posting queue")
    queue.add_argument("--json", action="store_true")
    queue.add_argument("--retry", metavar="POSTING_ID", help="requeue a posting set aside")

    doctor = sub.add_parser("doctor", parents=[common], help="check every part")
    doctor.add_argument("--json", action="store_true")

    sub.add_parser("migrate", parents=[common], help="bring the ledger schema up to date")

    demo = sub.add_parser("demo-session", parents=[common],
                          help="run one scripted patient payment headless")
    demo.add_argument("--amount", type=int, metavar="CENTS",
                      help="amount in integer cents (default: everything payable)")
    demo.add_argument("--patient", default="accents",
                      help="showcase patient key (see README), default: accents")
    demo.add_argument("--json", action="store_true")
    demo.add_argument("--no-sync", action="store_true",
                      help="leave the posting in the queue (to show the offline queue)")

    audit = sub.add_parser("audit", parents=[common], help="audit log tools")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_sub.add_parser("verify", parents=[common],
                                  help="check the HMAC chain and its anchor")
    verify.add_argument("--json", action="store_true")

    # serial devices: device tests (as on the admin screen) and receipt reprints
    devices = sub.add_parser("devices", parents=[common],
                             help="test the card terminal, the printer or the scanner")
    devices.add_argument("device", choices=("terminal", "printer", "scan"))
    devices.add_argument("--timeout", type=float, default=20.0,
                         help="seconds to wait for a test scan")
    devices.add_argument("--json", action="store_true")
    reprint = sub.add_parser("reprint", parents=[common],
                             help="print a payment's receipt again")
    reprint.add_argument("payment_id")

    secrets = sub.add_parser("secrets", parents=[common], help="store secrets in the keyring")
    secrets_sub = secrets.add_subparsers(dest="secrets_command", required=True,
                                         metavar="ACTION")
    secret_set = secrets_sub.add_parser("set", parents=[common],
                                        help="store one secret (read from standard input)")
    secret_set.add_argument("name")
    # deployment (issue 9): a headless Linux kiosk has no keyring; systemd credentials instead
    secret_set.add_argument("--systemd-creds", action="store_true",
                            help="encrypt it with systemd-creds for the kiosk's service "
                                 "instead of storing it in the keyring")
    secret_set.add_argument("--credstore", metavar="DIR", default="/etc/credstore.encrypted",
                            help="where --systemd-creds writes (default: %(default)s)")
    secret_set.add_argument("--print", dest="print_only", action="store_true",
                            help="with --systemd-creds: only print the commands to run")

    from kiosk.cli import notify as notify_cli  # receipts and reminders (issue 10)

    notify_cli.add_parser(sub, common)

    # -- counter mode, day close and data migration (issue 8) ----------------------------
    from kiosk.cli import users as users_cli

    users_cli.add_parser(sub, common)
    report = sub.add_parser("report", parents=[common],
                            help="end-of-day reconciliation (processor x ledger x PMS)")
    report.add_argument("--date", help="the clinic's day, YYYY-MM-DD (default: today there)")
    report.add_argument("--format", choices=("json", "csv", "pdf"), default="json")
    report.add_argument("--output", metavar="PATH",
                        help="write to this file (PDF default: day-close-DATE.pdf)")
    report.add_argument("--close-batch", action="store_true",
                        help="first close this device's terminal batch and record its totals")
    importer = sub.add_parser("import-payments", parents=[common],
                              help="import historical payments from CSV (all or nothing)")
    importer.add_argument("file", help="CSV file (columns: see docs/import-payments.md)")
    importer.add_argument("--dry-run", action="store_true",
                          help="validate and report; import nothing")
    importer.add_argument("--json", action="store_true", help="the report as JSON")
    return parser


def _version() -> str:
    """``clinicpay-kiosk 0.1.0`` (from the installed package or the bundle's metadata)."""
    from kiosk import installed_version

    return f"clinicpay-kiosk {installed_version()}"


def _commands() -> dict[str, Callable[[argparse.Namespace, Any], int]]:
    from kiosk.cli import (
        admin,
        demo_session,
        devices,
        doctor,
        import_payments,
        lookup,
        notify,
        queue,
        report,
        users,
    )

    return {
        "lookup": lookup.run,
        "sync": queue.sync,
        "queue": queue.show,
        "doctor": doctor.run,
        "migrate": admin.migrate,
        "demo-session": demo_session.run,
        "audit": admin.audit,
        "secrets": admin.secrets,
        "notify": notify.run,
        "devices": devices.run,  # serial devices
        "reprint": devices.reprint_command,
        # issue 8
        "users": users.run,
        "report": report.run,
        "import-payments": import_payments.run,
    }


def _logging() -> None:
    """Console logging redacted by allow-list; a rotating file once the config is known."""
    from kiosk.logs import configure_console

    configure_console(os.environ.get("KIOSK_LOG", "WARNING"))


def _run_parser() -> argparse.ArgumentParser:
    """Only ``kiosk run``'s options: the kiosk paints before the other commands' modules load."""
    parser = argparse.ArgumentParser(prog="kiosk run")
    parser.add_argument("--config", metavar="PATH")
    parser.add_argument("--mode", choices=("kiosk", "counter"), default=None)
    parser.add_argument("--windowed", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["run"] and not {"-h", "--help"} & set(arguments):
        quick = _run_parser().parse_args(arguments[1:])
        _logging()
        from ui.app import run as run_gui

        return run_gui(quick.config, quick.mode, quick.windowed, quick.smoke)
    args = _parser().parse_args(arguments)
    _logging()
    if args.command == "run":  # the GUI front end: paints first, validates config behind it
        from ui.app import run as run_gui

        return run_gui(args.config, args.mode, args.windowed, args.smoke)
    from kiosk.config import ConfigError, load_config
    from kiosk.ledger.database import LedgerError
    from kiosk.secrets import MissingSecret

    if args.command == "secrets":  # secrets are set before there is a config (deployment)
        from kiosk.cli import admin

        return admin.secrets(args, None)
    if args.command == "doctor":  # doctor reports a bad config instead of stopping at it
        from kiosk.cli import doctor

        return doctor.run(args, None)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    _open_log_file(args, config)
    try:
        return _commands()[args.command](args, config)
    except MissingSecret as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except LedgerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    finally:
        from kiosk.logs import close_log_file

        close_log_file()


def _open_log_file(args: argparse.Namespace, config: Any) -> None:
    """``kiosk-<command>.log`` in the data folder (one file per command: see kiosk.logs)."""
    from kiosk.logs import open_log_file

    try:
        open_log_file(config.resolved_data_dir(), config.logs, f"kiosk-{args.command}")
    except OSError as exc:  # a read-only data folder must not stop a diagnostic command
        print(f"warning: no log file ({exc.strerror})", file=sys.stderr)
