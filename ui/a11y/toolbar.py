"""The accessibility bar in the header: language, larger text, contrast, audio, headphones.

On every screen (the attract screen and during the session), so a patient
can change them at any point.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.flow.view import ViewState
from ui.texts import translate
from ui.widgets.buttons import MIN_TARGET_PX


class AccessibilityBar(QWidget):
    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("a11y-bar")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        self._other_language = "es"
        self.language = self._button(lambda: session.set_language(self._other_language))
        self.large = self._button(session.toggle_large_text)
        self.contrast = self._button(session.toggle_high_contrast)
        self.audio = self._button(session.toggle_audio)
        self.headphones = self._button(session.confirm_headphones)
        for button in (self.language, self.large, self.contrast, self.audio, self.headphones):
            row.addWidget(button)

    def _button(self, on_click: Any) -> QPushButton:
        button = QPushButton(self)
        button.setProperty("role", "toolbar")
        button.setMinimumHeight(MIN_TARGET_PX + 4)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: on_click())
        return button

    def retranslate(self, state: ViewState, speech_available: bool) -> None:
        prefs = state.prefs
        self._other_language = next((lang for lang in state.languages
                                     if lang != prefs.language), prefs.language)
        # Each language offers itself in its own words.
        self.language.setText("Español" if self._other_language == "es" else "English")
        self.language.setAccessibleName(
            "Cambiar a español" if self._other_language == "es" else "Switch to English")
        self.large.setText(translate("A11y", "Larger text") if not prefs.large_text
                           else translate("A11y", "Normal text"))
        self.contrast.setText(translate("A11y", "High contrast") if not prefs.high_contrast
                              else translate("A11y", "Normal colors"))
        self.audio.setText(translate("A11y", "Audio on") if not prefs.audio
                           else translate("A11y", "Audio off"))
        self.audio.setVisible(speech_available)
        self.headphones.setText(translate("A11y", "I have headphones"))
        self.headphones.setAccessibleDescription(translate(
            "A11y", "Confirm you listen privately, so amounts and your name can be read aloud"))
        self.headphones.setVisible(speech_available and prefs.audio
                                   and not prefs.private_listening)
        for button in (self.large, self.contrast, self.audio, self.headphones):
            button.setAccessibleName(button.text())
        # The stylesheet's larger font reaches these buttons a frame late; size them for it
        # now (18 px text, 27 px with large text, plus padding and border).
        height = MIN_TARGET_PX + 4 if not prefs.large_text else MIN_TARGET_PX + 16
        for button in (self.language, self.large, self.contrast, self.audio, self.headphones):
            button.setMinimumHeight(height)
