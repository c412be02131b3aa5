"""``kiosk demo-session``: one patient's payment, start to finish, through the real core.

It does what the kiosk screens do, in order: identify, verify, view the
statement, choose an amount, pay on the terminal, print the receipt, sync.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
import uuid
from typing import TYPE_CHECKING, Any

from kiosk.app import App, build_app
from kiosk.cli.output import emit_json, statement_text
from kiosk.domain.money import Money
from kiosk.domain.patient import PatientQuery
from kiosk.lookup.service import LookupOutcome
from kiosk.payments.policy import AmountRefused
from kiosk.payments.service import PaymentRequest
from kiosk.pms.demo.generator import SHOWCASE
from kiosk.ports.pms import PmsError
from kiosk.ports.terminal import ProgressEvent, ProgressKind
from kiosk.receipts import receipt_for, render_text
from kiosk.sync.worker import DrainReport

if TYPE_CHECKING:
    from kiosk.config.schema import Config


def run(args: argparse.Namespace, config: Config) -> int:
    if not config.is_demo:
        print("error: demo-session runs only in demo mode (mode = \"demo\")", file=sys.stderr)
        return 2
    showcase = {s.key: s for s in SHOWCASE}
    if args.patient not in showcase:
        print(f"error: unknown showcase patient {args.patient!r}; one of "
              f"{', '.join(showcase)}", file=sys.stderr)
        return 2
    app = build_app(config)
    try:
        return _session(app, args, showcase[args.patient])
    finally:
        app.close()


def _say(args: argparse.Namespace, text: str) -> None:
    if not args.json:
        print(text)


def _session(app: App, args: argparse.Namespace, who: Any) -> int:
    report = app.reconcile()
    if report.examined:
        _say(args, f"Reconciled {report.examined} payment(s) left in doubt by a previous run.")
    # 1. identify and verify: family name as a patient would type it, plus birth date
    typed = unicodedata.normalize("NFKD", who.family).encode("ascii", "ignore").decode()
    typed = typed.replace("'", "")  # as typed on a kiosk keyboard: "Nunez", "OBrien"
    query = PatientQuery(typed, who.birthdate, who.postal_code, who.phone[-4:])
    result = app.lookup.find(query)
    if result.outcome is not LookupOutcome.MATCH or result.patient is None:
        print(f"look-up failed: {result.outcome.value} {result.staff_detail}", file=sys.stderr)
        return 1
    patient = result.patient
    _say(args, f"Patient typed {typed!r}, born {who.birthdate}: found {patient.display_name}")
    try:
        statement = app.lookup.statement(patient)
    except PmsError as exc:
        print(f"statement unavailable: {exc}", file=sys.stderr)
        return 1
    payable = app.payments.payable(patient.id, statement.total_due)
    _say(args, "\n" + statement_text(statement, patient.display_name, payable.cents) + "\n")
    amount = Money(args.amount, statement.currency) if args.amount is not None else payable
    # 2. pay
    try:
        payment_id = app.payments.start(PaymentRequest(
            patient_id=patient.id, display_name=patient.display_name, amount=amount,
            statement_balance=statement.total_due, session_ref=f"demo-{uuid.uuid4().hex[:8]}",
            statement_code=statement.statement_code,
        ))
    except AmountRefused as exc:
        print(f"amount refused: {exc.patient_message}", file=sys.stderr)
        return 1
    _say(args, f"Paying {amount.format()} on the {app.terminal.name} terminal "
               f"(payment {payment_id}).")

    def progress(event: ProgressEvent) -> None:
        if event.kind is not ProgressKind.REFERENCE:
            _say(args, f"  terminal: {event.text}")

    attempt = app.payments.authorize(payment_id, progress)
    _say(args, f"Outcome: {attempt.outcome_code.upper()}"
               + (f" ({attempt.staff_message})" if attempt.staff_message else ""))
    receipt_text = ""
    if attempt.approved:
        view = app.payments.view(payment_id)
        receipt = receipt_for(view, app.config.clinic.name, app.config.clinic.address,
                              statement.statement_code, app.config.clinic.portal_url)
        printed = app.printer.print_receipt(receipt)
        receipt_text = render_text(receipt, app.config.clinic.timezone)
        _say(args, "\n" + receipt_text if printed.ok else f"Printer: {printed.staff_message}")
    else:
        app.payments.abandon(payment_id, reason="demo session ended")
    # 3. tell the PMS
    if args.no_sync:
        drained = DrainReport()
        _say(args, "Posting left in the queue (--no-sync); `kiosk sync --once` sends it.")
    else:
        drained = app.sync.drain_once()
        _say(args, f"Synced to the PMS: {drained.posted} posted"
                   + (f"; waiting: {drained.error}" if drained.failed else ""))
    if args.json:
        emit_json({"payment_id": payment_id, "outcome": attempt.outcome_code,
                   "status": app.payments.view(payment_id).status.value,
                   "amount_cents": amount.cents, "posted": drained.posted,
                   "sync_error": drained.error, "receipt": receipt_text})
    return 0 if attempt.approved else 1
