"""Page objects for the counter window: tests read like what the receptionist does."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget

from kiosk.counter.services import counter_for
from kiosk.counter.session import CounterSession
from kiosk.counter.view import CounterScreen
from kiosk.domain.staff import Role
from kiosk.flow.jobs import ThreadJobRunner
from tests.counter.conftest import PASSWORD, fast_passwords
from ui.bridge import SessionBridge
from ui.counter.window import CounterWindow
from ui.theme import apply_counter_theme


class CounterDesk:
    def __init__(self, app: Any, qtbot: Any) -> None:
        self.app = app
        self.qtbot = qtbot
        services = counter_for(app, fast_passwords())
        services.accounts.add("rita", "Rita Reception", Role.RECEPTIONIST, PASSWORD, "test")
        services.accounts.add("sam", "Sam Supervisor", Role.SUPERVISOR, PASSWORD, "test")
        services.accounts.add("ada", "Ada Admin", Role.ADMIN, PASSWORD, "test")
        apply_counter_theme(QApplication.instance())  # type: ignore[arg-type]
        self.runner = ThreadJobRunner("counter")
        self.session = CounterSession(services, self.runner)
        self.window = CounterWindow(self.session, app.config.clinic.name, app.config.is_demo)
        qtbot.addWidget(self.window)
        self.bridge = SessionBridge()
        self.bridge.changed.connect(self.window.show_view)
        self.bridge.attach(self.session)
        self.window.resize(1280, 800)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.session.start()
        self.wait_for(CounterScreen.SIGN_IN)

    def close(self) -> None:
        self.runner.idle(10)
        self.runner.close()

    # -- looking ----------------------------------------------------------------
    @property
    def screen(self) -> CounterScreen:
        current = self.window.current
        return current.screen if current is not None else CounterScreen.STARTING

    @property
    def page(self) -> QWidget:
        return self.window.stack.currentWidget()

    def wait_for(self, screen: CounterScreen, timeout_ms: int = 15_000) -> None:
        self.qtbot.waitUntil(lambda: self.screen is screen and self.window.current is not None
                             and not self.window.current.busy, timeout=timeout_ms)

    def text(self) -> str:
        return "\n".join(w.text() for w in self.window.findChildren(QLabel) if w.isVisible())

    def click(self, name: str) -> None:
        target = self.page.findChild(QPushButton, name) or self.window.findChild(QPushButton, name)
        assert target is not None and target.isVisible(), f"no visible button {name!r}"
        assert target.isEnabled(), f"{name!r} is disabled"
        self.qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

    def type_into(self, field: QLineEdit, text: str) -> None:
        field.clear()
        self.qtbot.keyClicks(field, text)
        field.editingFinished.emit()

    # -- doing ------------------------------------------------------------------
    def sign_in(self, user: str, password: str = PASSWORD,
                expect: CounterScreen = CounterScreen.SEARCH) -> CounterDesk:
        page: Any = self.page
        self.type_into(page.username, user)
        self.type_into(page.password, password)
        self.click("sign-in")
        self.wait_for(expect)
        return self

    def find_patient(self, family: str, month: int, day: int, year: int) -> CounterDesk:
        from PySide6.QtCore import QDate

        page: Any = self.page
        self.type_into(page.family, family)
        page.birthdate.setDate(QDate(year, month, day))
        self.click("search-name")
        self.qtbot.waitUntil(lambda: page.hits.rowCount() > 0 and not self.window.current.busy)
        self.click("open-patient")
        self.wait_for(CounterScreen.STATEMENT)
        return self

    def take(self, method: str, amount: str, given: str = "", check: str = "") -> CounterDesk:
        self.click("take-payment")
        self.wait_for(CounterScreen.TENDER)
        page: Any = self.page
        page.radio[method].setChecked(True)
        self.type_into(page.amount, amount)
        if given:
            self.type_into(page.given, given)
        if check:
            self.type_into(page.check, check)
        self.click("submit-tender")
        self.wait_for(CounterScreen.RESULT, timeout_ms=20_000)
        return self
