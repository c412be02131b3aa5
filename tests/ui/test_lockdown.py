"""Kiosk lockdown: no way out for a patient; staff get in with the gesture and the PIN."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.admin import AdminGate
from kiosk.flow.view import Screen
from ui.admin import AdminActions, Lockdown


def lock(page: Any, exits: list[str]) -> Lockdown:
    gate = AdminGate("8642", page.app.ledger, "kiosk:test")
    actions = AdminActions(test_terminal=lambda: "✓ terminal ready",
                           print_test_receipt=lambda: "✓ printed",
                           test_scan=lambda: "✗ no scanner", exit_kiosk=lambda: exits.append("x"))
    lockdown = Lockdown(page.window, gate, actions, on_admin=page.session.timeout)
    page.window.lockdown = lockdown
    QApplication.instance().installEventFilter(lockdown)  # type: ignore[union-attr]
    page.extra_filters = [lockdown]
    return lockdown


def tap_header(page: Any, times: int) -> None:
    for _ in range(times):
        page.qtbot.mouseClick(page.window.header, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def test_a_patient_cannot_close_or_shortcut_out(kiosk: Any) -> None:
    page = kiosk()
    lockdown = lock(page, [])
    try:
        event = QCloseEvent()
        page.window.closeEvent(event)
        assert not event.isAccepted()
        for key, modifiers in ((Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                               (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                               (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier)):
            press = QKeyEvent(QEvent.Type.KeyPress, key, modifiers)
            assert lockdown.eventFilter(page.window, press) is True
        plain = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
        assert lockdown.eventFilter(page.window, plain) is False  # typing still works
        lockdown.allow_exit()
        event = QCloseEvent()
        page.window.closeEvent(event)
        assert event.isAccepted()
    finally:
        QApplication.instance().removeEventFilter(lockdown)  # type: ignore[union-attr]


def test_staff_gesture_and_pin_open_the_admin_panel(kiosk: Any) -> None:
    page = kiosk()
    exits: list[str] = []
    lockdown = lock(page, exits)
    try:
        page.touch_to_start().type_last_name("Nunez")
        tap_header(page, 4)
        assert not lockdown.pin.isVisible()  # four taps are nothing
        tap_header(page, 1)
        assert lockdown.pin.isVisible()
        for digit in "1111":
            page.qtbot.mouseClick(lockdown.pin.keypad.keys[digit], Qt.MouseButton.LeftButton)
        page.qtbot.mouseClick(lockdown.pin.ok, Qt.MouseButton.LeftButton)
        assert "Wrong PIN" in lockdown.pin.message.text() and not lockdown.admin.isVisible()
        for digit in "8642":
            page.qtbot.mouseClick(lockdown.pin.keypad.keys[digit], Qt.MouseButton.LeftButton)
        page.qtbot.mouseClick(lockdown.pin.ok, Qt.MouseButton.LeftButton)
        assert lockdown.admin.isVisible()
        # the patient's session was wiped before staff saw anything
        page.wait_for(Screen.ATTRACT)
        assert not page.session.state.has_patient_data
        test = lockdown.admin.findChild(type(lockdown.pin.ok), "test-terminal")
        page.qtbot.mouseClick(test, Qt.MouseButton.LeftButton)
        page.qtbot.waitUntil(lambda: "terminal ready" in lockdown.admin.result.text())
        page.qtbot.mouseClick(lockdown.admin.exit, Qt.MouseButton.LeftButton)
        assert exits == ["x"]
        with page.app.ledger.read() as session:
            from sqlalchemy import text

            actions = list(session.scalars(text("SELECT action FROM audit_log")))
        assert {"admin.wrong_pin", "admin.opened", "admin.device_check", "admin.exit"} \
            <= set(actions)
        assert not any("8642" in a for a in actions)
    finally:
        QApplication.instance().removeEventFilter(lockdown)  # type: ignore[union-attr]
