"""Finding a patient and their statement."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QWidget

from kiosk.counter.view import CounterScreen, CounterView
from ui.counter.base import CounterPage, button, clinic_time, money
from ui.texts import translate

if TYPE_CHECKING:
    from kiosk.counter.session import CounterSession


class SearchPage(CounterPage):
    kind = CounterScreen.SEARCH

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading(translate("Counter", "Find a patient"))
        self.family = QLineEdit(self)
        self.family.setPlaceholderText(translate("Counter", "Last name"))
        self.family.setAccessibleName(translate("Counter", "Last name"))
        self.birthdate = QDateEdit(self)
        self.birthdate.setDisplayFormat("MM/dd/yyyy")
        self.birthdate.setCalendarPopup(True)
        self.birthdate.setMinimumDate(QDate(1900, 1, 1))
        self.birthdate.setMaximumDate(QDate.currentDate())
        self.birthdate.setDate(QDate(1980, 1, 1))
        self.birthdate.setAccessibleName(translate("Counter", "Date of birth"))
        self.postal = QLineEdit(self)
        self.postal.setPlaceholderText(translate("Counter", "ZIP (if several)"))
        self.postal.setAccessibleName(translate("Counter", "ZIP code"))
        self.postal.setMaximumWidth(140)
        self.by_name = button(translate("Counter", "Search"), self._by_name, "primary",
                              "search-name")
        self.row(self.family, self.birthdate, self.postal, self.by_name)
        self.account = QLineEdit(self)
        self.account.setPlaceholderText(translate("Counter", "Account number"))
        self.account.setAccessibleName(translate("Counter", "Account number"))
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(translate("Counter", "Statement code"))
        self.code.setAccessibleName(translate("Counter", "Statement code"))
        self.row(self.account, button(translate("Counter", "By account"),
                                      lambda: self.session.search_by_account(
                                          self.account.text().strip()), name="search-account"),
                 self.code, button(translate("Counter", "By statement code"),
                                   lambda: self.session.search_by_statement_code(
                                       self.code.text().strip()), name="search-code"))
        self.message = self.message_line()
        self.hits = self.table([translate("Counter", "Patient"),
                                translate("Counter", "Date of birth"),
                                translate("Counter", "Account")])
        self.hits.cellDoubleClicked.connect(lambda r, _c: self.session.open_patient(r))
        self.open = button(translate("Counter", "Open statement"), self._open, "primary",
                           "open-patient")
        self.refund_ref = QLineEdit(self)
        self.refund_ref.setPlaceholderText(translate("Counter", "Payment reference"))
        self.refund_ref.setAccessibleName(translate("Counter", "Payment reference"))
        self.row(self.open, QLabel(translate("Counter", "Refund or void a payment:")),
                 self.refund_ref, button(translate("Counter", "Refund…"),
                                         lambda: self.session.open_refund(
                                             self.refund_ref.text().strip()),
                                         name="open-refund"))

    def _by_name(self) -> None:
        picked = self.birthdate.date()
        self.session.search_by_name(self.family.text().strip(),
                                    date(picked.year(), picked.month(), picked.day()),
                                    self.postal.text().strip())

    def _open(self) -> None:
        row = self.hits.currentRow()
        if row >= 0:
            self.session.open_patient(row)

    def show_view(self, view: CounterView) -> None:
        self.fill(self.hits, [[hit.patient.given + " " + hit.patient.family,
                               hit.birthdate.strftime("%m/%d/%Y"), hit.account_number]
                              for hit in view.hits])
        if view.hits and self.hits.currentRow() < 0:
            self.hits.selectRow(0)
        self.open.setEnabled(bool(view.hits) and not view.busy)
        self.show_message(self.message, view)


class StatementPage(CounterPage):
    kind = CounterScreen.STATEMENT

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.heading("")
        self.as_of = self.note("")
        self.lines = self.table([translate("Counter", "Date"), translate("Counter", "Service"),
                                 translate("Counter", "Charge"),
                                 translate("Counter", "Insurance paid"),
                                 translate("Counter", "Adjusted"),
                                 translate("Counter", "Patient owes")],
                                stretch=(1,), amounts=(2, 3, 4, 5))
        self.totals = self.note("")
        self.message = self.message_line()
        self.row(button(translate("Counter", "Take a payment"), self.session.pay, "primary",
                        "take-payment"),
                 button(translate("Counter", "Another patient"), self.session.new_patient,
                        "quiet", "new-patient"))

    def show_view(self, view: CounterView) -> None:
        found = view.statement
        if found is None:
            return
        statement = found.statement
        self.title.setText(found.display_name)
        self.as_of.setText(translate("Counter", "From the PMS's saved copy of {when}.").format(
            when=clinic_time(statement.as_of, self.session.services.settings.timezone,
                             "%Y-%m-%d %H:%M")) if statement.from_cache else "")
        self.fill(self.lines, [[line.date_of_service.strftime("%m/%d/%Y"), line.description,
                                money(line.charge), money(line.insurance_paid),
                                money(line.adjustment), money(line.patient_responsibility)]
                               for line in statement.lines])
        self.totals.setText(translate("Counter", "Paid before: {paid}   Total due: {due}   "
                                                 "Can pay now: {payable}").format(
            paid=money(statement.total_paid), due=money(statement.total_due),
            payable=money(found.payable)))
        self.show_message(self.message, view)
