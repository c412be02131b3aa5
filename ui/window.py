"""The kiosk window: DEMO banner, header with the accessibility bar, the screen, idle warning."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.flow.view import Screen, ViewState
from ui.a11y.toolbar import AccessibilityBar
from ui.i18n import Translations
from ui.screens.base import ScreenWidget
from ui.screens.welcome import AttractScreen
from ui.texts import translate
from ui.theme import apply_theme
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

    BOX_WIDTH = 760

    def __init__(self, session: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idle-overlay")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        box = QFrame(self)
        box.setObjectName("idle-box")
        box.setFixedWidth(self.BOX_WIDTH)
        self.box = box
        inner = QVBoxLayout(box)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(20)
        self.heading = QLabel("", box)
        self.heading.setObjectName("title")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = QLabel("", box)
        self.countdown.setObjectName("subtitle")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setWordWrap(True)
        self.stay = big_button("", session.still_here, name="still-here")
        inner.addWidget(self.heading)
        inner.addWidget(self.countdown)
        inner.addWidget(self.stay)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        self.heading.setText(translate("Idle", "Are you still there?"))
        self.stay.setText(translate("Idle", "Yes, I'm still here"))
        self.stay.setAccessibleName(self.stay.text())
        self.countdown.setText(translate("Idle", "For your privacy, this session will end in "
                                                 "{seconds} seconds.").format(seconds=seconds))
        inner = self.box.layout()
        margins = inner.contentsMargins() if inner is not None else None
        room = self.BOX_WIDTH - (margins.left() + margins.right() if margins else 0)
        # Wrapped text in a centred box: Qt sizes the box before the text wraps, so say it.
        self.countdown.setMinimumHeight(self.countdown.heightForWidth(room))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.stay.setFocus()


class KioskWindow(QWidget):
    def __init__(self, session: Any, clinic_name: str, demo: bool,
                 speech_available: bool = False) -> None:
        super().__init__()
        self.setObjectName("kiosk-window")
        self.setWindowTitle("ClinicPay Kiosk")
        self.session = session
        self.speech_available = speech_available
        self.translations = Translations()
        self.narrator: Any = None  # set by the front end when speech or announcements run
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = QLabel("", self)
        self.banner.setObjectName("demo-banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setVisible(demo)
        layout.addWidget(self.banner)
        header = QFrame(self)
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(28, 8, 16, 8)
        self.header = QLabel(clinic_name, header)
        self.header.setObjectName("header-title")
        row.addWidget(self.header, 1)
        self.a11y = AccessibilityBar(session, header)
        row.addWidget(self.a11y)
        layout.addWidget(header)
        self.stack = ScreenStack(self)
        layout.addWidget(self.stack, 1)
        self.screens: dict[Screen, ScreenWidget] = {}
        self.attract = AttractScreen(session, self)
        self._add(self.attract, Screen.STARTING)
        self._add(self.attract, Screen.ATTRACT)
        self.idle = IdleWarning(session, self)
        self.current: ViewState | None = None
        self._look: tuple[str, bool, bool] = ("en", False, False)
        #: Locked down (a kiosk, not a development window): only staff may close it.
        self.lockdown: Any = None
        self.banner.setText(translate("Window", "DEMO MODE: no real payments are taken"))

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

    def rebuild_screens(self) -> None:
        """A new language: screens set their fixed words when built, so build them again."""
        for widget in set(self.screens.values()):
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.screens.clear()
        self.attract = AttractScreen(self.session, self)
        self._add(self.attract, Screen.STARTING)
        self._add(self.attract, Screen.ATTRACT)
        self.build_screens()
        self.banner.setText(translate("Window", "DEMO MODE: no real payments are taken"))

    def _apply_look(self, state: ViewState) -> bool:
        """Theme and language follow the patient's choices; True if the screens changed."""
        prefs = state.prefs
        look = (prefs.language, prefs.high_contrast, prefs.large_text)
        if look == self._look:
            return False
        words_or_sizes = look[0] != self._look[0] or look[2] != self._look[2]
        if look[0] != self._look[0]:
            self.translations.use(prefs.language)
        self._look = look
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, prefs.high_contrast, prefs.large_text)
        if not words_or_sizes:
            return False  # colours only: the stylesheet alone repaints everything
        # Screens size themselves from their words and fonts when built: build them again.
        self.rebuild_screens()
        for widget in self.findChildren(QWidget):
            widget.ensurePolished()  # the stylesheet's fonts, before anything is laid out
            widget.updateGeometry()
        # Forget size hints cached under the old fonts. (findChildren(QLayout), not
        # widget.layout() on every widget: that tripped a PySide6 refcount bug on None.)
        for layout in self.findChildren(QLayout):
            layout.invalidate()
        return True

    @Slot(object)
    def show_state(self, state: ViewState) -> None:
        # Focus moves by itself while screens are swapped; only the final focus is news.
        if self.narrator is not None:
            self.narrator.quiet_focus = True
        try:
            self._show_state(state)
        finally:
            if self.narrator is not None:
                self.narrator.quiet_focus = False

    def _show_state(self, state: ViewState) -> None:
        rebuilt = self._apply_look(state)
        screen = self.screens.get(state.screen)
        if screen is None:  # not built yet (a state before the first paint finished)
            self.build_screens()
            screen = self.screens[state.screen]
        changed = rebuilt or self.current is None or self.current.screen is not state.screen
        if self.current is not None and state.session != self.current.session:
            for widget in set(self.screens.values()):
                widget.wipe()  # a new patient: nothing of the last one stays in any screen
        self.current = state
        self.header.setText(state.clinic_name)
        self.banner.setVisible(state.demo)
        self.a11y.retranslate(state, self.speech_available)
        # New words in the bar: size its buttons now, inside out, not one frame later.
        for holder in (self.a11y, self.a11y.parentWidget(), self):
            layout = holder.layout() if holder is not None else None
            if layout is not None:
                layout.activate()
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

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if self.lockdown is not None and self.lockdown.locked:
            event.ignore()  # a patient cannot close the kiosk; staff exit from the admin panel
            return
        super().closeEvent(event)

    def go_full_screen(self) -> None:
        """Full screen and frameless, also without a window manager (which ignores
        showFullScreen): the geometry follows the screen."""
        self.setWindowFlags(self.windowFlags() | Qt.WindowType.FramelessWindowHint
                            | Qt.WindowType.WindowStaysOnTopHint)
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
