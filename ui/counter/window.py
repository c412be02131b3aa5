"""The counter window: who is signed in and the sync status on top, areas on the left."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.counter.view import CounterScreen, CounterView
from ui.counter.access import LockedPage, SignInPage, StartingPage
from ui.counter.backoffice import ImportPage, KiosksPage, QueuePage
from ui.counter.base import CounterPage, button
from ui.counter.day import DashboardPage, DayClosePage
from ui.counter.patients import SearchPage, StatementPage
from ui.counter.paying import ProcessingPage, ResultPage, TenderPage
from ui.counter.refund import RefundPage
from ui.texts import translate

#: Screens that need nobody signed in (or hide what the signed-in person was doing).
OPEN_SCREENS = {CounterScreen.STARTING, CounterScreen.SIGN_IN, CounterScreen.LOCKED}


class CounterWindow(QWidget):
    def __init__(self, session: Any, clinic_name: str, demo: bool) -> None:
        super().__init__()
        self.setObjectName("counter-window")
        self.setWindowTitle(translate("Counter", "ClinicPay Counter"))
        self.session = session
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = QLabel(translate("Window", "DEMO MODE: no real payments are taken"), self)
        self.banner.setObjectName("demo-banner")
        self.banner.setVisible(demo)
        outer.addWidget(self.banner)
        top = QWidget(self)
        top.setObjectName("counter-top")
        top_row = QHBoxLayout(top)
        self.clinic = QLabel(clinic_name, top)
        self.clinic.setObjectName("counter-clinic")
        self.who = QLabel("", top)
        self.who.setObjectName("counter-who")
        top_row.addWidget(self.clinic)
        top_row.addStretch(1)
        top_row.addWidget(self.who)
        outer.addWidget(top)
        body = QHBoxLayout()
        self.nav = QWidget(self)
        self.nav.setObjectName("counter-nav")
        nav = QVBoxLayout(self.nav)
        self.nav_buttons = {
            "patients": button(translate("Counter", "Patients"), session.new_patient,
                               name="nav-patients"),
            "queue": button(translate("Counter", "Postings"), session.open_queue,
                            name="nav-queue"),
            "kiosks": button(translate("Counter", "Kiosks"), session.open_kiosks,
                             name="nav-kiosks"),
            "day": button(translate("Counter", "Close the day"), session.open_day_close,
                          name="nav-day"),
            "dashboard": button(translate("Counter", "Dashboard"), session.open_dashboard,
                                name="nav-dashboard"),
            "import": button(translate("Counter", "Import"), session.open_import,
                             name="nav-import"),
        }
        for widget in self.nav_buttons.values():
            nav.addWidget(widget)
        nav.addStretch(1)
        nav.addWidget(button(translate("Counter", "Lock"), session.lock_now, "quiet",
                             "nav-lock"))
        nav.addWidget(button(translate("Counter", "Sign out"), session.sign_out, "quiet",
                             "nav-sign-out"))
        body.addWidget(self.nav)
        self.stack = QStackedWidget(self)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.pages: dict[CounterScreen, CounterPage] = {}
        self._build_pages()
        self.current: CounterView | None = None

    def _build_pages(self) -> None:
        """Fresh pages: after a sign-out nothing of the last person's work stays in any
        widget, shown or hidden (labels, fields, tables, charts)."""
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.setParent(None)  # out of the window now; the object goes at the next turn
            page.deleteLater()
        self.pages = {}
        for kind in (StartingPage, SignInPage, LockedPage, SearchPage, StatementPage,
                     TenderPage, ProcessingPage, ResultPage, RefundPage, QueuePage, KiosksPage,
                     DayClosePage, DashboardPage, ImportPage):
            page = kind(self.session, self)
            self.pages[page.kind] = page
            self.stack.addWidget(page)

    @Slot(object)
    def show_view(self, view: CounterView) -> None:
        if self.current is not None and view.session != self.current.session:
            self._build_pages()  # signed out: nothing of it stays on any page
        self.current = view
        page = self.pages[view.screen]
        signed_in = view.staff is not None and view.screen not in OPEN_SCREENS
        self.nav.setVisible(signed_in)
        self.nav_buttons["import"].setVisible(bool(view.staff and view.staff.can_admin))
        self.who.setText(translate("Counter", "{name} ({role})").format(
            name=view.staff.display_name, role=view.staff.role) if signed_in and view.staff
            else "")
        self.banner.setVisible(view.demo)
        page.show_view(view)
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
