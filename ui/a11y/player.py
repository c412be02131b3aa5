"""Qt Multimedia playback of the synthesised WAV files: interruptible, off the caller's thread.

``play`` and ``stop`` may be called from the speech worker; a queued signal
moves them onto the GUI thread, where QMediaPlayer lives and never blocks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer


class QtPlayer(QObject):
    _play = Signal(str)
    _stop = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.output = QAudioOutput(self)
        self.player = QMediaPlayer(self)
        self.player.setAudioOutput(self.output)
        self._play.connect(self._on_play)
        self._stop.connect(self.player.stop)

    def play(self, path: Path) -> None:
        self._play.emit(str(path))

    def stop(self) -> None:
        self._stop.emit()

    @Slot(str)
    def _on_play(self, path: str) -> None:
        self.player.stop()
        self.player.setSource(QUrl.fromLocalFile(path))
        self.player.play()
