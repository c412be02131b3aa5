"""``kiosk notify``: balance reminders, the notice queue, and a receipt preview.

- ``due [--dry-run] [--json]``: queue and send "you have a balance" reminders
  to patients who opted in (meant for a systemd timer); ``--dry-run`` prints
  what would go out, addresses masked, and records nothing.
- ``send [--once]``: send queued receipts and reminders.
- ``queue [--json] [--retry ID] [--cancel ID]``: what is waiting or set aside.
- ``preview [--out FILE] [--language es]``: an HTML receipt made from sample
  facts, to see what patients get.
"""

from __future__ import annotations

import argparse
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.output import emit_json

if TYPE_CHECKING:
    from kiosk.app import App
    from kiosk.config.schema import Config
    from kiosk.notify.reminders import ReminderPlan, ReminderPlanner

_SKIP_WORDS = {
    "sent_recently": "sent recently", "below_minimum": "below the minimum balance",
    "channel_not_configured": "channel not set up", "unknown_to_pms": "unknown to the PMS",
    "over_run_limit": "over this run's limit", "unreadable_optin": "opt-in unreadable",
    "unusable_pms_optin": "PMS opt-in unusable",
}


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    notify = sub.add_parser("notify", parents=[common],
                            help="receipts and reminders by email and text message")
    actions = notify.add_subparsers(dest="notify_command", required=True, metavar="ACTION")
    due = actions.add_parser("due", parents=[common],
                             help="send balance reminders to patients who opted in")
    due.add_argument("--dry-run", action="store_true",
                     help="print what would go out (masked); send and record nothing")
    due.add_argument("--json", action="store_true")
    send = actions.add_parser("send", parents=[common], help="send queued notices")
    send.add_argument("--once", action="store_true", help="one pass, then exit")
    queue = actions.add_parser("queue", parents=[common],
                               help="notices waiting or set aside for staff")
    queue.add_argument("--json", action="store_true")
    queue.add_argument("--retry", metavar="NOTICE_ID", help="requeue a notice set aside")
    queue.add_argument("--cancel", metavar="NOTICE_ID",
                       help="drop a notice and erase its address")
    preview = actions.add_parser("preview", parents=[common],
                                 help="write a sample HTML receipt to look at")
    preview.add_argument("--out", default="receipt-preview.html", metavar="FILE")
    preview.add_argument("--language", default="en", choices=("en", "es"))


def run(args: argparse.Namespace, config: Config) -> int:
    if args.notify_command == "preview":
        return _preview(args, config)
    from kiosk.app import build_app

    app = build_app(config)
    try:
        return {"due": _due, "send": _send, "queue": _queue}[args.notify_command](args, app)
    finally:
        app.close()


def planner(app: App) -> ReminderPlanner:
    from kiosk.notify.content import ClinicInfo
    from kiosk.notify.quiet import QuietHours
    from kiosk.notify.reminders import ReminderPlanner, ReminderSettings

    assert app.notices is not None
    config = app.config
    reminders, clinic = config.notify.reminders, config.clinic
    return ReminderPlanner(
        app.ledger, app.notices.sealer, app.pms, app.notices,
        ClinicInfo(clinic.name, clinic.address, clinic.timezone, clinic.portal_url,
                   config.notify.receipt_link),
        ReminderSettings(timedelta(days=reminders.cadence_days), reminders.min_balance_cents,
                         reminders.max_per_run),
        QuietHours.from_config(reminders.quiet_start, reminders.quiet_end, clinic.timezone))


def _due(args: argparse.Namespace, app: App) -> int:
    reminders = app.config.notify.reminders
    if not reminders.enabled:
        print("reminders are off (notify.reminders.enabled = false); nothing to do")
        return 0
    from kiosk.notify.worker import NoticeBusy

    assert app.notice_worker is not None
    plan = planner(app).run(dry_run=args.dry_run)
    report = None
    if plan.queued:
        try:
            report = app.notice_worker.drain_once()
        except NoticeBusy:  # the kiosk's own worker is sending; it will take these too
            print("the kiosk's notice worker is busy; it sends these on its next pass",
                  file=sys.stderr)
    if args.json:
        emit_json(_plan_json(plan, args.dry_run, app.config.clinic.timezone))
    else:
        _print_plan(plan, args.dry_run, app.config.clinic.timezone)
        if report is not None:
            print(f"sent {report.sent + report.found_sent}, waiting to retry "
                  f"{report.retrying}, set aside {report.set_aside}")
    return 1 if plan.errors else 0


def _print_plan(plan: ReminderPlan, dry_run: bool, timezone: str) -> None:
    if dry_run:
        print("DRY RUN: nothing is sent or recorded.")
    if plan.quiet_until is not None:
        local = plan.quiet_until.astimezone(_zone(timezone))
        print(f"quiet hours now (until {local:%H:%M} {timezone}): "
              + ("these would be held until then" if dry_run else "nothing is sent"))
    verb = "would send" if dry_run or plan.quiet_until is not None else "queued"
    print(f"{verb} {len(plan.due)} reminder(s)")
    for item in plan.due:
        print(f"  {item.channel.value:<5} {item.masked_to:<16} {item.balance.format():>10}  "
              f"patient {item.patient_id} (opted in at {item.source})  \"{item.text}\"")
    if plan.skipped:
        print("skipped: " + ", ".join(f"{count} {_SKIP_WORDS.get(reason, reason)}"
                                      for reason, count in sorted(plan.skipped.items())))
    for error in plan.errors:
        print(f"error: {error}", file=sys.stderr)


def _plan_json(plan: ReminderPlan, dry_run: bool, timezone: str) -> dict[str, Any]:
    return {
        "dry_run": dry_run,
        "quiet_until": plan.quiet_until.isoformat() if plan.quiet_until else None,
        "due": [{"patient_id": i.patient_id, "channel": i.channel.value,
                 "masked_to": i.masked_to, "balance_cents": i.balance.cents,
                 "currency": i.balance.currency, "reference": i.reference,
                 "source": i.source, "text": i.text} for i in plan.due],
        "queued": plan.queued, "skipped": plan.skipped, "errors": plan.errors,
    }


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _send(args: argparse.Namespace, app: App) -> int:
    from kiosk.notify.worker import NoticeBusy

    worker = app.notice_worker
    assert worker is not None
    if args.once:
        try:
            report = worker.drain_once()
        except NoticeBusy as exc:
            print(f"not sent: {exc}", file=sys.stderr)
            return 1
        print(f"sent {report.sent + report.found_sent}, waiting to retry {report.retrying}, "
              f"set aside {report.set_aside}"
              + (f"; last error: {report.errors[-1]}" if report.errors else ""))
        return 1 if report.failed else 0
    print("sending continuously; press Ctrl+C to stop", file=sys.stderr)
    worker.start()
    threading.Event().wait()
    return 0


def _queue(args: argparse.Namespace, app: App) -> int:
    notices = app.notices
    assert notices is not None
    actor = f"cli:{app.actor}"
    if args.retry:
        ok = notices.retry(args.retry, actor)
        print("requeued" if ok else "no such notice is set aside with its address")
        return 0 if ok else 1
    if args.cancel:
        ok = notices.cancel(args.cancel, actor)
        print("canceled; address erased" if ok else "no such notice is waiting")
        return 0 if ok else 1
    counts = notices.counts()
    items = notices.waiting()
    if args.json:
        emit_json({"counts": counts, "items": [{
            "id": v.id, "kind": v.kind.value, "channel": v.channel.value,
            "status": v.status.value, "payment_id": v.payment_id, "patient_id": v.patient_id,
            "amount_cents": v.amount.cents, "currency": v.amount.currency,
            "masked_to": v.masked_to, "attempts": v.attempts, "last_error": v.last_error,
            "created_at": v.created_at.isoformat(),
            "next_attempt_at": v.next_attempt_at.isoformat() if v.next_attempt_at else None,
        } for v in items]})
        return 0
    print(", ".join(f"{status} {count}" for status, count in counts.items()))
    for view in items:
        print(f"  {view.status.value:<9} {view.kind.value:<8} {view.channel.value:<5} "
              f"{view.masked_to:<16} {view.id}  tries {view.attempts}"
              + (f"  ({view.last_error})" if view.last_error else ""))
    return 0


def _preview(args: argparse.Namespace, config: Config) -> int:
    """A receipt from sample facts (no ledger, nothing sent), as a browser shows it."""
    from datetime import UTC, datetime

    from kiosk.domain.money import Money
    from kiosk.domain.notice import Channel
    from kiosk.notify.content import (
        ClinicInfo,
        ReceiptFacts,
        html_for_preview,
        receipt_notice,
    )

    clinic = config.clinic
    info = ClinicInfo(clinic.name, clinic.address, clinic.timezone, clinic.portal_url,
                      config.notify.receipt_link)
    reference = "0d9c2f6e-4b7a-4c1e-9f3a-5e2b8d7c6a10"
    facts = ReceiptFacts(reference, Money(12_550, clinic.currency), "card", "visa", "4242",
                         datetime(2026, 11, 27, 20, 5, tzinfo=UTC))
    notice = receipt_notice("preview", Channel.EMAIL, "patient@example.org", facts, info,
                            args.language, facts.paid_at)
    out = Path(args.out)
    out.write_text(html_for_preview(notice), encoding="utf-8")
    print(f"wrote {out} (sample receipt; the QR code leads to {info.receipt_url(reference)})")
    return 0
