"""Kiosk lockdown and the staff way out: five taps on the clinic's name, then the admin PIN.

Locked down, the window is full-screen and frameless, refuses to close, and
swallows every shortcut (Alt, Ctrl or Meta with a key), so a patient cannot
leave the kiosk. Staff open the admin panel with the hidden gesture and the
PIN; from there they test the terminal, print a test receipt, read a test
scan, or exit. Device checks run on a thread; the panel never waits on them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.admin import AdminGate, GateOutcome
from ui.texts import translate
from ui.widgets.buttons import big_button
from ui.widgets.keypad import Keypad

TAPS = 5
TAP_WINDOW_S = 4.0
_MODIFIERS = (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
              | Qt.KeyboardModifier.MetaModifier)


@dataclass
class AdminActions:
    """What staff can do; each returns a short result for the panel (blocking: run off-GUI)."""

    test_terminal: Callable[[], str]
    print_test_receipt: Callable[[], str]
    test_scan: Callable[[], str]
    exit_kiosk: Callable[[], None]


def actions_for(app: Any, quit_app: Callable[[], None]) -> AdminActions:
    from kiosk.device_checks import check_terminal, print_test_receipt, read_test_scan

    clinic = app.config.clinic

    def terminal() -> str:
        health = check_terminal(app.terminal)
        return ("✓ " if health.ok else "✗ ") + health.detail

    def printer() -> str:
        result = print_test_receipt(app.printer, clinic.name, clinic.address, clinic.currency)
        return "✓ test receipt printed" if result.ok else "✗ " + result.staff_message

    def scan() -> str:
        check = read_test_scan(app.scanner, timeout_s=15)
        return ("✓ " if check.ok else "✗ ") + check.detail + (
            f" ({check.preview})" if check.preview else "")

    return AdminActions(terminal, printer, scan, quit_app)


class _Panel(QFrame):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idle-overlay")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.box = QFrame(self)
        self.box.setObjectName("idle-box")
        self.box.setFixedWidth(820)
        self.inner = QVBoxLayout(self.box)
        self.inner.setContentsMargins(40, 28, 40, 28)
        self.inner.setSpacing(14)
        outer.addWidget(self.box, 0, Qt.AlignmentFlag.AlignCenter)
        outer.addStretch(1)
        self.hide()

    def label(self, text: str = "", name: str = "subtitle") -> QLabel:
        label = QLabel(text, self.box)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.inner.addWidget(label)
        return label

    def open(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()


class PinPanel(_Panel):
    def __init__(self, parent: QWidget, gate: AdminGate, on_open: Callable[[], None]) -> None:
        super().__init__(parent)
        self.gate = gate
        self.on_open = on_open
        self.typed = ""
        self.label(translate("Admin", "Staff only: enter the admin PIN"), "title")
        self.entry = self.label("", "entry")
        self.message = self.label("")
        self.keypad = Keypad(self._digit, self._erase, self.box)
        self.inner.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        self.ok = big_button(translate("Admin", "Open"), self._check, name="admin-open")
        self.cancel = big_button(translate("Common", "Cancel"), self.close_panel, "quiet")
        self.inner.addWidget(self.ok)
        self.inner.addWidget(self.cancel)

    def show_panel(self) -> None:
        self.typed = ""
        self.entry.setText("")
        self.message.setText("" if self.gate.enabled else translate(
            "Admin", "No admin PIN is set on this kiosk; IT can restart it instead."))
        self.open()
        self.ok.setFocus()

    def close_panel(self) -> None:
        self.typed = ""
        self.hide()

    def _digit(self, digit: str) -> None:
        if len(self.typed) < 12:
            self.typed += digit
            self.entry.setText("•" * len(self.typed))

    def _erase(self) -> None:
        self.typed = self.typed[:-1]
        self.entry.setText("•" * len(self.typed))

    def _check(self) -> None:
        result = self.gate.check(self.typed)
        self.typed = ""
        self.entry.setText("")
        if result.outcome is GateOutcome.OPEN:
            self.hide()
            self.on_open()
        elif result.outcome is GateOutcome.LOCKED:
            self.message.setText(translate("Admin", "Too many wrong PINs. Try again in "
                                                    "{seconds} seconds.").format(
                seconds=result.retry_after_s))
        elif result.outcome is GateOutcome.DISABLED:
            self.message.setText(translate("Admin", "No admin PIN is set on this kiosk."))
        else:
            self.message.setText(translate("Admin", "Wrong PIN."))


class AdminPanel(_Panel):
    finished = Signal(str)

    def __init__(self, parent: QWidget, actions: AdminActions, gate: AdminGate) -> None:
        super().__init__(parent)
        self.staff_actions = actions
        self.gate = gate
        self.label(translate("Admin", "Kiosk administration"), "title")
        self.result = self.label("")
        for text, action, name in (
            (translate("Admin", "Test the card terminal"), actions.test_terminal, "test-terminal"),
            (translate("Admin", "Print a test receipt"), actions.print_test_receipt,
             "test-printer"),
            (translate("Admin", "Read a test scan"), actions.test_scan, "test-scan"),
        ):
            self.inner.addWidget(big_button(text, self._runner(text, action), "secondary",
                                            name=name))
        self.exit = big_button(translate("Admin", "Exit the kiosk"), self._exit, "danger",
                               name="admin-exit")
        self.back = big_button(translate("Admin", "Back to the kiosk"), self.hide,
                               name="admin-back")
        self.inner.addWidget(self.exit)
        self.inner.addWidget(self.back)
        self.finished.connect(self.result.setText)

    def _runner(self, text: str, action: Callable[[], str]) -> Callable[[], None]:
        def run() -> None:
            self.result.setText(translate("Admin", "{check}: working…").format(check=text))

            def work() -> None:
                try:
                    outcome = action()
                except Exception as exc:  # a device error is a result for staff, not a crash
                    outcome = f"✗ {exc.__class__.__name__}"
                self.gate.record("admin.device_check")
                self.finished.emit(f"{text}: {outcome}")

            threading.Thread(target=work, name="admin-check", daemon=True).start()

        return run

    def _exit(self) -> None:
        self.gate.record("admin.exit")
        self.staff_actions.exit_kiosk()


class Lockdown(QObject):
    """Full screen, no way out by shortcuts, staff exit through the hidden gesture + PIN."""

    def __init__(self, window: Any, gate: AdminGate, actions: AdminActions,
                 on_admin: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.locked = True
        self.admin = AdminPanel(window, actions, gate)
        self.pin = PinPanel(window, gate, self._open_admin)
        self.on_admin = on_admin
        self._taps: list[float] = []
        # Installed on the application (ui/assemble.py), so it sees both the taps on the
        # clinic's name and every key before anything else does.

    def _open_admin(self) -> None:
        self.on_admin()  # the patient's session is wiped before staff see anything
        self.admin.open()

    def allow_exit(self) -> None:
        self.locked = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window.header and event.type() == QEvent.Type.MouseButtonPress \
                and isinstance(event, QMouseEvent):
            now = time.monotonic()
            self._taps = [t for t in self._taps if now - t <= TAP_WINDOW_S] + [now]
            if len(self._taps) >= TAPS:
                self._taps.clear()
                self.pin.show_panel()
            return False
        # Alt+F4, Ctrl+Q, Ctrl+W, Alt+Tab...: nothing leaves the kiosk.
        return bool(self.locked and event.type() == QEvent.Type.KeyPress
                    and isinstance(event, QKeyEvent) and event.modifiers() & _MODIFIERS)
