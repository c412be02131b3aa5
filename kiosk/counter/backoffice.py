"""Counter intents beyond the sale: refunds and voids, the queue, kiosk takeover, the
day close, the dashboard and the CSV import. Mixed into :class:`CounterSession`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.counter.queue import Decision
from kiosk.counter.refunds import REASONS, RefundQuote, RefundView
from kiosk.counter.session_base import SessionBase
from kiosk.counter.takeover import TakeoverResult
from kiosk.counter.view import CounterScreen, ImportProgress, RefundForm
from kiosk.domain.money import Money
from kiosk.domain.staff import Role
from kiosk.importer.payments_csv import ImportReport, import_payments
from kiosk.reports.close import build_report, record_batch
from kiosk.reports.dashboard import dashboard
from kiosk.reports.day import clinic_today


class BackOffice(SessionBase):
    # -- refunds and voids --------------------------------------------------------------
    def open_refund(self, payment_id: str) -> None:
        if self._signed_in() is None or self.state.busy:
            return
        refunds = self.services.refunds

        def done(result: Any) -> None:
            if self._fail(result):
                return
            assert isinstance(result, RefundQuote)
            self._go(CounterScreen.REFUND, refund=RefundForm(
                payment_id, result, "refund", result.refundable, "patient_request"))

        self._job(lambda: refunds.quote(payment_id), done)

    def set_refund(self, kind: str | None = None, cents: int | None = None,
                   reason: str | None = None) -> None:
        form = self.state.refund
        if self._signed_in() is None or form is None or form.result is not None:
            return
        if kind is not None and kind in ("refund", "void"):
            form = replace(form, kind=kind)
        if cents is not None and cents >= 0 and form.quote is not None:
            form = replace(form, amount=Money(cents, form.quote.refundable.currency))
        if reason is not None and reason in REASONS:
            form = replace(form, reason=reason)
        self._set(refund=form, message="")

    def approve_refund(self, supervisor: str, password: str) -> None:
        """The supervisor signs in on the dialog; the refund or void then runs at once."""
        staff = self._signed_in()
        form = self.state.refund
        if staff is None or form is None or form.amount is None or self.state.busy \
                or form.result is not None:
            return
        accounts, refunds = self.services.accounts, self.services.refunds
        amount = form.amount

        def work() -> tuple[RefundView, str] | str:
            outcome, approval = accounts.approve(staff, supervisor, password, form.kind,
                                                 form.payment_id)
            if approval is None:
                return f"approval_{outcome.outcome.value}"
            if form.kind == "void":
                return refunds.void(staff, approval, form.payment_id, form.reason), supervisor
            return (refunds.refund(staff, approval, form.payment_id, amount, form.reason),
                    supervisor)

        def done(result: Any) -> None:
            if self._fail(result, CounterScreen.REFUND):
                return
            if isinstance(result, str):
                self._set(busy=False, message=result)
                return
            result, approver = result
            assert isinstance(result, RefundView)
            current = self.state.refund
            self._go(CounterScreen.REFUND,
                     refund=replace(current, result=result, approver=approver)
                     if current else None,
                     message="refund_in_doubt" if result.in_doubt
                     else "" if result.done else "refund_failed")

        self._job(work, done)

    # -- the queue ----------------------------------------------------------------------
    def open_queue(self) -> None:
        if self._signed_in() is None or self.state.busy:
            return
        self._go(CounterScreen.QUEUE)
        self.refresh_queue()

    def refresh_queue(self) -> None:
        """Also the live view's poll (every few seconds while the queue screen shows)."""
        if self._signed_in() is None or self.state.busy:
            return
        queue = self.services.queue

        def done(result: Any) -> None:
            if not self._fail(result):
                items, status = result
                self._set(busy=False, queue=tuple(items), sync=status)

        self._job(lambda: (queue.items(), queue.status()), done)

    def retry_posting(self, posting_id: str) -> None:
        staff = self._signed_in()
        if staff is None or self.state.busy:
            return
        queue = self.services.queue

        def done(result: Any) -> None:
            if not self._fail(result):
                self._set(busy=False, message="" if result else "not_retryable")
                self.refresh_queue()

        self._job(lambda: queue.retry(staff, posting_id), done)

    def resolve_posting(self, posting_id: str, decision: str, note: str) -> None:
        staff = self._signed_in()
        if staff is None or self.state.busy or decision not in {d.value for d in Decision}:
            return
        queue = self.services.queue

        def done(result: Any) -> None:
            if isinstance(result, ValueError):
                self._set(busy=False, message="note_refused")
            elif not self._fail(result):
                self._set(busy=False, message="" if result else "not_resolvable")
                self.refresh_queue()

        self._job(lambda: queue.resolve(staff, posting_id, Decision(decision), note), done)

    def sync_now(self) -> None:
        if self._signed_in() is not None:
            self.services.queue.sync_now()

    # -- kiosk sessions -----------------------------------------------------------------
    def open_kiosks(self) -> None:
        if self._signed_in() is None or self.state.busy:
            return
        board = self.services.board

        def done(result: Any) -> None:
            if not self._fail(result):
                self._go(CounterScreen.KIOSKS, kiosks=tuple(result), takeover=None)

        self._job(board.sessions, done)

    def take_over(self, kiosk_id: str, session_ref: str) -> None:
        staff = self._signed_in()
        if staff is None or self.state.busy:
            return
        board, tenders = self.services.board, self.services.tenders

        def done(result: Any) -> None:
            if self._fail(result):
                return
            assert isinstance(result, TakeoverResult)
            self._set(busy=False, takeover=result,
                      message="" if result.ok else f"takeover_{result.message}")
            view = result.session
            if result.ok and view is not None and result.next_step == "pay":
                self.open_statement(view.patient_id, view.display_name, view.amount)
            elif result.ok and view is not None and view.payment_id \
                    and result.next_step == "receipt":
                self.reprint(view.payment_id, reprint=False)

        self._job(lambda: board.take_over(staff, kiosk_id, session_ref,
                                          tenders.service(staff)), done)

    # -- day close and dashboard ----------------------------------------------------------
    def _today(self) -> date:
        return clinic_today(self.services.app.ledger.clock(), self.services.settings.timezone)

    def open_day_close(self, day: date | None = None) -> None:
        if self._signed_in() is None or self.state.busy:
            return
        ledger, settings = self.services.app.ledger, self.services.settings
        clinic, chosen = self.services.clinic, day or self._today()

        def done(result: Any) -> None:
            if not self._fail(result):
                self._go(CounterScreen.DAY_CLOSE, report=result, exported_file="")

        self._job(lambda: build_report(ledger, chosen, settings.timezone, settings.currency,
                                       clinic.name), done)

    def close_batch(self) -> None:
        """Close this counter's terminal batch for the day, then show the report again."""
        staff = self._signed_in(Role.SUPERVISOR)
        if staff is None or self.state.busy:
            return
        app, day = self.services.app, self._today()

        def work() -> None:
            totals = app.terminal.end_of_day()
            record_batch(app.ledger, app.config.terminal_id, day, app.terminal.name,
                         totals.count, totals.amount, totals.detail, staff.actor)

        def done(result: Any) -> None:
            if not self._fail(result):
                self._set(busy=False)
                self.open_day_close(day)

        self._job(work, done)

    def export_report(self, fmt: str, path: str) -> None:
        """Write the report on screen as csv, json or pdf to ``path`` (a file dialog's answer)."""
        report = self.state.report
        if self._signed_in() is None or report is None or self.state.busy \
                or fmt not in ("csv", "json", "pdf"):
            return
        ledger, settings = self.services.app.ledger, self.services.settings

        def work() -> str:
            target = Path(path)
            if fmt == "pdf":
                from kiosk.reports.pdf import write_pdf

                write_pdf(report, dashboard(ledger, report.day, settings.timezone,
                                            settings.currency), target)
            elif fmt == "csv":
                from kiosk.reports.export import report_csv

                target.write_text(report_csv(report))
            else:
                import json

                from kiosk.reports.export import report_json

                target.write_text(json.dumps(report_json(report), indent=2) + "\n")
            return str(target)

        def done(result: Any) -> None:
            if not self._fail(result):
                self._set(busy=False, exported_file=result)

        self._job(work, done)

    def open_dashboard(self, day: date | None = None) -> None:
        if self._signed_in() is None or self.state.busy:
            return
        ledger, settings, chosen = self.services.app.ledger, self.services.settings, \
            day or self._today()

        def done(result: Any) -> None:
            if not self._fail(result):
                self._go(CounterScreen.DASHBOARD, dashboard=result)

        self._job(lambda: dashboard(ledger, chosen, settings.timezone, settings.currency),
                  done)

    # -- import -------------------------------------------------------------------------
    def open_import(self) -> None:
        if self._signed_in(Role.ADMIN) is not None:
            self._go(CounterScreen.IMPORT, import_progress=None)

    def import_file(self, path: str, dry_run: bool = False) -> None:
        """Validate (and unless ``dry_run`` import) a CSV; progress updates the view."""
        staff = self._signed_in(Role.ADMIN)
        if staff is None or self.state.busy:
            return
        ledger, settings, session = self.services.app.ledger, self.services.settings, \
            self.state.session

        def progress(done: int, total: int, phase: str) -> None:
            if self.state.session == session:
                self._set(import_progress=ImportProgress(path, phase, done, total))

        def done(result: Any) -> None:
            if self._fail(result, CounterScreen.IMPORT):
                return
            assert isinstance(result, ImportReport)
            self._go(CounterScreen.IMPORT, import_progress=ImportProgress(
                path, "done", result.rows, result.rows, result),  # the summary tells the rest
                message="" if result.ok else "import_refused")

        self._set(import_progress=ImportProgress(path))
        self._job(lambda: import_payments(ledger, Path(path), settings.currency,
                                          settings.timezone, staff.actor, dry_run, progress),
                  done)
