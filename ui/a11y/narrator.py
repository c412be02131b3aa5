"""Speaks the kiosk: screen introductions, the focused control, progress and warnings.

Also posts a QAccessibleAnnouncementEvent for every status change, so a
screen reader (Qt's AT-SPI bridge on Linux) hears it even without our voice.
Runs on the GUI thread but never waits: the Speaker synthesises and plays on
its own worker.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.flow.view import Screen, ViewState
from kiosk.ports.speaker import Speaker
from ui.a11y.narration import idle_speech, progress_speech, screen_speech
from ui.texts import message_text, translate


class Narrator(QObject):
    def __init__(self, speaker: Speaker | None, window: QWidget) -> None:
        super().__init__(window)
        self.speaker = speaker
        self.window = window
        self.previous: ViewState | None = None
        self.last_intro = ""
        self.quiet_focus = False  # the window is moving focus itself (a new screen)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    # -- speaking -------------------------------------------------------------
    def say(self, text: str, interrupt: bool = True) -> None:
        state = self.previous
        if self.speaker is None or state is None or not state.prefs.audio or not text:
            return
        self.speaker.say(text, state.prefs.language, interrupt)

    def announce(self, text: str, assertive: bool = False) -> None:
        if not text:
            return
        event = QAccessibleAnnouncementEvent(self.window, text)
        if assertive:
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)

    def help(self) -> None:
        self.say(self.last_intro)
        self.say(self.describe(QApplication.focusWidget()), interrupt=False)

    def repeat(self) -> None:
        self.say(self.last_intro)

    def describe(self, widget: QWidget | None) -> str:
        """The focused control as a voice says it; amounts only with private listening."""
        if widget is None or not isinstance(widget, QAbstractButton):
            return ""
        name = widget.accessibleName() or widget.text()
        state = self.previous
        description = widget.accessibleDescription()
        if description and state is not None and state.prefs.private_listening:
            name = f"{name}, {description}"
        if not widget.isEnabled():
            name = translate("Speech", "{name}, not available").format(name=name)
        return translate("Speech", "{name}, button").format(name=name)

    # -- reacting ---------------------------------------------------------------
    @Slot(object)
    def on_state(self, state: ViewState) -> None:
        before, self.previous = self.previous, state
        if before is None:
            return
        new_screen = state.screen is not before.screen or state.session != before.session
        prefs_changed = (state.prefs.audio, state.prefs.language, state.prefs.private_listening
                         ) != (before.prefs.audio, before.prefs.language,
                               before.prefs.private_listening)
        if new_screen or prefs_changed:
            self.last_intro = screen_speech(state)
            self.announce(self.last_intro)
            if state.prefs.audio and not before.prefs.audio:
                self.say(translate("Speech", "Audio guidance is on.") + " " + self.last_intro)
            elif state.prefs.private_listening and not before.prefs.private_listening:
                self.say(translate("Speech", "Thank you. Your name and amounts will now be read "
                                             "aloud.") + " " + self.last_intro)
            else:
                self.say(self.last_intro)
            self.say(self.describe(QApplication.focusWidget()), interrupt=False)
            return
        if state.screen is Screen.PROCESSING and state.progress != before.progress:
            text = progress_speech(state)
            self.announce(text)
            self.say(text)
        if state.message and state.message != before.message:
            text = message_text(state.message, state.retry_after_s)
            self.announce(text, assertive=True)
            self.say(text)
        if state.idle_warning_s and not before.idle_warning_s:
            text = idle_speech(state)
            self.announce(text, assertive=True)
            self.say(text)
        self._echo_typing(before, state)

    def _echo_typing(self, before: ViewState, state: ViewState) -> None:
        """Say each key the patient typed: letters and digits are theirs, so only privately."""
        if not state.prefs.private_listening:
            return
        for old, new in ((before.typed_name, state.typed_name),
                         (before.birthdate.digits, state.birthdate.digits),
                         (before.answer, state.answer), (before.other_amount, state.other_amount),
                         (before.notice_typed, state.notice_typed)):
            if new != old:
                if len(new) > len(old):
                    character = new[-1]
                    self.say(translate("Speech", "space") if character == " " else character)
                else:
                    self.say(translate("Speech", "erased"))
                return

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.quiet_focus or new is None or not self.window.isAncestorOf(new):
            return
        self.say(self.describe(new))

    def adjust(self, louder: bool) -> None:
        synthesizer: Any = getattr(self.speaker, "synthesizer", None)
        if synthesizer is None:
            return
        synthesizer.volume_percent = max(10, min(100, synthesizer.volume_percent
                                                 + (10 if louder else -10)))
        self.say(translate("Speech", "Volume {percent} percent").format(
            percent=synthesizer.volume_percent))
