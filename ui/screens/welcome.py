"""The resting screens: attract (touch to start) and out of service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from kiosk.flow.session import KioskSession
from kiosk.flow.view import Screen, ViewState
from ui.screens.base import ScreenWidget
from ui.texts import translate
from ui.widgets.buttons import big_button


class AttractScreen(ScreenWidget):
    kind = Screen.ATTRACT

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.first_paint_at: float | None = None
        self.on_first_paint: list[object] = []
        self.layout_.addStretch(2)
        self.clinic = self.title("")
        self.clinic.setObjectName("clinic")
        self.heading = self.title(translate("Attract", "Pay your bill here"))
        self.heading.setObjectName("hero")
        self.hint = self.subtitle(translate("Attract", "Quick and secure. You will need your "
                                                       "last name and date of birth."))
        self.layout_.addStretch(1)
        self.start = big_button(translate("Attract", "Touch to start"), self.session.start,
                                name="start")
        self.start.setProperty("size", "hero")
        self.action_row(self.start)
        self.status = self.subtitle("")
        self.status.setObjectName("status")
        self.layout_.addStretch(2)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.session.start()  # touch anywhere
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self.first_paint_at is None:
            import time

            self.first_paint_at = time.monotonic()
            for callback in self.on_first_paint:
                callback()  # type: ignore[operator]

    def show_state(self, state: ViewState) -> None:
        self.clinic.setText(state.clinic_name)
        starting = state.screen is Screen.STARTING
        self.start.setEnabled(not starting)
        self.status.setText(translate("Attract", "Getting ready…") if starting else "")
        self.status.setVisible(starting)


class OutOfServiceScreen(ScreenWidget):
    kind = Screen.OUT_OF_SERVICE

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.layout_.addStretch(2)
        self.title(translate("OutOfService", "Sorry, this kiosk is out of service"))
        self.subtitle(translate("OutOfService", "Please pay at the front desk. We apologize "
                                                "for the inconvenience."))
        self.layout_.addStretch(2)
        self.reason = self.subtitle("")
        self.reason.setObjectName("staff-note")

    def show_state(self, state: ViewState) -> None:
        reasons = {
            "terminal": translate("OutOfService", "Staff: the card terminal is not ready."),
            "database": translate("OutOfService", "Staff: the payment ledger is not "
                                                  "available."),
            "startup": translate("OutOfService", "Staff: the kiosk could not start; run "
                                                 "`kiosk doctor`."),
        }
        self.reason.setText(reasons.get(state.out_of_service, ""))
