"""Signing in, the locked screen, and start-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from kiosk.counter.services import DEMO_PASSWORD, DEMO_STAFF
from kiosk.counter.view import CounterScreen, CounterView
from ui.counter.base import CounterPage, button
from ui.texts import translate

if TYPE_CHECKING:
    from kiosk.counter.session import CounterSession


class SignInPage(CounterPage):
    kind = CounterScreen.SIGN_IN

    def build(self, unlock: bool = False) -> None:
        self.title = self.heading(translate("Counter", "Sign in"))
        self.who = self.note("")
        self.username = QLineEdit(self)
        self.username.setPlaceholderText(translate("Counter", "User name"))
        self.username.setAccessibleName(translate("Counter", "User name"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(translate("Counter", "Password"))
        self.password.setAccessibleName(translate("Counter", "Password"))
        self.password.returnPressed.connect(self._submit)
        self.go = button(translate("Counter", "Sign in"), self._submit, "primary", "sign-in")
        self.form_row = self.row(self.username, self.password, self.go)
        self.message = self.message_line()
        self.demo_hint = self.note("")
        self.layout_.addStretch(1)
        self.unlock = unlock

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.build()

    def _submit(self) -> None:
        name, secret = self.username.text().strip(), self.password.text()
        self.password.clear()  # never kept in the widget
        if self.unlock:
            self.session.unlock(name, secret)
        else:
            self.session.sign_in(name, secret)

    def show_view(self, view: CounterView) -> None:
        self.go.setEnabled(not view.busy)
        self.who.setText(view.clinic_name)
        self.show_message(self.message, view)
        self.demo_hint.setText(translate(
            "Counter", "Demo accounts: {names}; password \u201c{password}\u201d.").format(
            names=", ".join(name for name, _, _ in DEMO_STAFF), password=DEMO_PASSWORD)
            if view.demo and not self.unlock else "")


class LockedPage(SignInPage):
    kind = CounterScreen.LOCKED

    def build(self, unlock: bool = True) -> None:
        super().build(unlock=True)
        self.title.setText(translate("Counter", "Locked"))
        self.signout = button(translate("Counter", "Sign out"), self.session.sign_out, "quiet")
        self.form_row.insertWidget(self.form_row.count() - 1, self.signout)  # before the stretch

    def show_view(self, view: CounterView) -> None:
        super().show_view(view)
        who = view.staff.display_name if view.staff else ""
        self.who.setText(translate("Counter", "This counter is locked. {name}, sign in again "
                                              "to carry on where you were.").format(name=who))
        if view.staff and not self.username.text():
            self.username.setText(view.staff.username)


class StartingPage(CounterPage):
    kind = CounterScreen.STARTING

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading(translate("Counter", "Starting…"))
        self.layout_.addWidget(QLabel(translate(
            "Counter", "Settling payments and refunds a restart left in doubt."), self))
        self.layout_.addStretch(1)

    def show_view(self, view: CounterView) -> None:
        return None
