"""The queue of postings, the kiosks' live sessions, and importing history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFileDialog, QLineEdit, QProgressBar, QWidget

from kiosk.counter.view import CounterScreen, CounterView
from ui.counter.base import CounterPage, button, clinic_time, money
from ui.texts import translate

if TYPE_CHECKING:
    from kiosk.counter.session import CounterSession


class QueuePage(CounterPage):
    kind = CounterScreen.QUEUE

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading(translate("Counter", "Postings to the PMS"))
        self.status = self.note("")
        self.status.setObjectName("sync-status")
        self.items = self.table([translate("Counter", "Status"), translate("Counter", "Kind"),
                                 translate("Counter", "Patient"), translate("Counter", "Amount"),
                                 translate("Counter", "Method"), translate("Counter", "From"),
                                 translate("Counter", "Tries"), translate("Counter", "Reason")],
                                amounts=(3,))
        self.decision = QComboBox(self)
        for code, label in (("entered_in_pms", translate("Counter", "Entered in the PMS by "
                                                                    "hand")),
                            ("not_needed", translate("Counter", "Not needed")),
                            ("other", translate("Counter", "Other"))):
            self.decision.addItem(label, code)
        self.decision.setAccessibleName(translate("Counter", "Decision"))
        self.note_text = QLineEdit(self)
        self.note_text.setPlaceholderText(translate("Counter", "Note (no card numbers)"))
        self.note_text.setAccessibleName(translate("Counter", "Note"))
        self.note_text.setMinimumWidth(240)
        self.row(button(translate("Counter", "Retry"), self._retry, "primary", "retry-posting"),
                 self.decision, self.note_text,
                 button(translate("Counter", "Resolve"), self._resolve, name="resolve-posting"),
                 button(translate("Counter", "Sync now"), self.session.sync_now,
                        name="sync-now"))
        self.message = self.message_line()
        self._ids: list[str] = []

    def _selected(self) -> str:
        row = self.items.currentRow()
        return self._ids[row] if 0 <= row < len(self._ids) else ""

    def _retry(self) -> None:
        if self._selected():
            self.session.retry_posting(self._selected())

    def _resolve(self) -> None:
        if self._selected():
            self.session.resolve_posting(self._selected(), self.decision.currentData(),
                                         self.note_text.text())

    def show_view(self, view: CounterView) -> None:
        sync = view.sync
        if sync is not None:
            self.status.setText(translate(
                "Counter", "Waiting {queued}, needing attention {attention}, resolved "
                           "{resolved}, posted {posted}. Last posted {last}. Sync worker: "
                           "{state}{error}").format(
                queued=sync.queued, attention=sync.attention, resolved=sync.resolved,
                posted=sync.posted,
                last=clinic_time(sync.last_posted_at, self.session.services.settings.timezone),
                state=translate("Counter", "running") if sync.running
                else translate("Counter", "stopped"),
                error=f" ({sync.last_error})" if sync.last_error else ""))
        self._ids = [item.posting_id for item in view.queue]
        self.fill(self.items, [[item.status.value, item.kind.value, item.display_name,
                                money(item.amount), item.method, item.terminal_id,
                                item.attempts, item.last_error] for item in view.queue])
        self.show_message(self.message, view)


class KiosksPage(CounterPage):
    kind = CounterScreen.KIOSKS

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading(translate("Counter", "Kiosks"))
        self.note(translate("Counter", "A session no kiosk has moved for a while is marked "
                                       "stuck; take it over to help the patient at the desk."))
        self.sessions = self.table([translate("Counter", "Kiosk"),
                                    translate("Counter", "Patient"),
                                    translate("Counter", "Step"),
                                    translate("Counter", "Amount"),
                                    translate("Counter", "Idle"),
                                    translate("Counter", "Stuck")])
        self.row(button(translate("Counter", "Take over"), self._take, "primary", "take-over"),
                 button(translate("Counter", "Refresh"), self.session.open_kiosks,
                        name="refresh-kiosks"))
        self.message = self.message_line()
        self._keys: list[tuple[str, str]] = []

    def _take(self) -> None:
        row = self.sessions.currentRow()
        if 0 <= row < len(self._keys):
            self.session.take_over(*self._keys[row])

    def show_view(self, view: CounterView) -> None:
        live = [s for s in view.kiosks if s.display_name]
        self._keys = [(s.kiosk_id, s.session_ref) for s in live]
        self.fill(self.sessions, [[s.kiosk_id, s.display_name, s.step, money(s.amount),
                                   f"{s.idle_s} s", "STUCK" if s.stuck else ""] for s in live])
        self.show_message(self.message, view)


class ImportPage(CounterPage):
    kind = CounterScreen.IMPORT

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading(translate("Counter", "Import historical payments"))
        self.note(translate("Counter", "A CSV export from the old system (columns: "
                                       "docs/import-payments.md). All rows go in, or none."))
        self.path = QLineEdit(self)
        self.path.setPlaceholderText(translate("Counter", "CSV file"))
        self.path.setAccessibleName(translate("Counter", "CSV file"))
        self.path.setMinimumWidth(420)
        self.row(self.path, button(translate("Counter", "Choose…"), self._choose,
                                   name="choose-file"),
                 button(translate("Counter", "Check only"), lambda: self._run(True),
                        name="dry-run"),
                 button(translate("Counter", "Import"), lambda: self._run(False), "primary",
                        "import"))
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(translate("Counter", "Import progress"))
        self.layout_.addWidget(self.progress)
        self.summary = self.note("")
        self.message = self.message_line()
        self.errors = self.table([translate("Counter", "Line"), translate("Counter", "Column"),
                                  translate("Counter", "Problem")])

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, translate("Counter", "CSV file"), "",
                                              "CSV (*.csv)")
        if path:
            self.path.setText(path)

    def _run(self, dry_run: bool) -> None:
        if self.path.text().strip():
            self.session.import_file(self.path.text().strip(), dry_run=dry_run)

    def show_view(self, view: CounterView) -> None:
        progress = view.import_progress
        if progress is None:
            return
        self.progress.setMaximum(max(progress.total, 1))
        self.progress.setValue(progress.done)
        phase = {"reading": translate("Counter", "Reading"),
                 "validating": translate("Counter", "Checking"),
                 "importing": translate("Counter", "Importing"),
                 "done": translate("Counter", "Finished")}.get(progress.phase, progress.phase)
        self.progress.setFormat(translate("Counter", "{phase}: row %v of %m").format(
            phase=phase))
        report = progress.report
        if report is not None:
            self.summary.setText(translate(
                "Counter", "{rows} rows, {valid} valid, {imported} imported, {already} already "
                           "imported{dry}.").format(
                rows=report.rows, valid=report.valid, imported=report.imported,
                already=report.already_imported,
                dry=translate("Counter", " (checked only)") if report.dry_run else ""))
            self.fill(self.errors, [[e.line, e.column, e.message] for e in report.errors])
        self.show_message(self.message, view)
