"""The kiosk window: DEMO banner, clinic header, the current screen, the idle warning."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow.view import Screen, ViewState
from ui.screens.base import ScreenWidget
from ui.screens.welcome import AttractScreen
from ui.texts import translate
from ui.widgets.buttons import big_button

_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


class ScreenStack(QStackedWidget):
    """Sized by the screen on show, not by the largest of all screens.

    QStackedWidget asks every page for its minimum size; the email keyboard
    would then make every screen (and the window) taller than a small kiosk
    display.
    """

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()


class IdleWarning(QFrame):
    """Covers the screen: "Are you still there?" with the seconds left."""

    def __init__(self, session: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idle-overlay")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        box = QFrame(self)
        box.setObjectName("idle-box")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(20)
        heading = QLabel(translate("Idle", "Are you still there?"), box)
        heading.setObjectName("title")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = QLabel("", box)
        self.countdown.setObjectName("subtitle")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setWordWrap(True)
        self.stay = big_button(translate("Idle", "Yes, I'm still here"), session.still_here,
                               name="still-here")
        inner.addWidget(heading)
        inner.addWidget(self.countdown)
        inner.addWidget(self.stay)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        self.countdown.setText(translate("Idle", "For your privacy, this session will end in "
                                                 "{seconds} seconds.").format(seconds=seconds))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.stay.setFocus()


class KioskWindow(QWidget):
    def __init__(self, session: Any, clinic_name: str, demo: bool) -> None:
        super().__init__()
        self.setObjectName("kiosk-window")
        self.setWindowTitle("ClinicPay Kiosk")
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = QLabel(translate("Window", "DEMO MODE: no real payments are taken"), self)
        self.banner.setObjectName("demo-banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setVisible(demo)
        layout.addWidget(self.banner)
        self.header = QLabel(clinic_name, self)
        self.header.setObjectName("header")
        layout.addWidget(self.header)
        self.stack = ScreenStack(self)
        layout.addWidget(self.stack, 1)
        self.screens: dict[Screen, ScreenWidget] = {}
        self.attract = AttractScreen(session, self)
        self._add(self.attract, Screen.STARTING)
        self._add(self.attract, Screen.ATTRACT)
        self.idle = IdleWarning(session, self)
        self.current: ViewState | None = None

    def _add(self, screen: ScreenWidget, key: Screen | None = None) -> None:
        if self.stack.indexOf(screen) < 0:
            self.stack.addWidget(screen)
        self.screens[key or screen.kind] = screen

    def build_screens(self) -> None:
        """Everything but the attract screen; built right after the first paint."""
        from ui.screens.farewell import ReceiptScreen, ThankYouScreen
        from ui.screens.identify import BirthdateScreen, MoreScreen, NameScreen, NotFoundScreen
        from ui.screens.outcome import ProcessingScreen, ResultScreen
        from ui.screens.paying import AmountScreen, MethodScreen, OtherAmountScreen
        from ui.screens.phone import PhoneScreen
        from ui.screens.sending import ConfirmSendScreen, SendReceiptScreen
        from ui.screens.statement import StatementScreen
        from ui.screens.welcome import OutOfServiceScreen

        for kind in (NameScreen, BirthdateScreen, MoreScreen, NotFoundScreen, StatementScreen,
                     AmountScreen, OtherAmountScreen, MethodScreen, ProcessingScreen,
                     PhoneScreen, ResultScreen, ReceiptScreen, SendReceiptScreen,
                     ConfirmSendScreen, ThankYouScreen, OutOfServiceScreen):
            self._add(kind(self.session, self))

    @Slot(object)
    def show_state(self, state: ViewState) -> None:
        screen = self.screens.get(state.screen)
        if screen is None:  # not built yet (a state before the first paint finished)
            self.build_screens()
            screen = self.screens[state.screen]
        changed = self.current is None or self.current.screen is not state.screen
        if self.current is not None and state.session != self.current.session:
            for widget in set(self.screens.values()):
                widget.wipe()  # a new patient: nothing of the last one stays in any screen
        self.current = state
        self.header.setText(state.clinic_name)
        self.banner.setVisible(state.demo)
        screen.show_state(state)
        if self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
        if state.idle_warning_s:
            self.idle.show_seconds(state.idle_warning_s)
        else:
            self.idle.hide()
        if changed:
            screen.focus_default()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.idle.isVisible():
            self.idle.setGeometry(self.rect())

    def go_full_screen(self) -> None:
        """Full screen, also without a window manager (which ignores showFullScreen)."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
            screen.geometryChanged.connect(self.setGeometry)
        self.showFullScreen()


class ActivityFilter(QObject):
    """Any touch, click or key anywhere counts as the patient being there."""

    def __init__(self, session: Any) -> None:
        super().__init__()
        self.session = session

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _ACTIVITY:
            self.session.touch()
        return False


def install_activity_filter(app: QApplication, session: Any) -> ActivityFilter:
    activity = ActivityFilter(session)
    app.installEventFilter(activity)
    return activity
