"""A QR code painted from the core's module matrix: crisp at any size, always black on white."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.qr import Matrix, qr_matrix


class QrCode(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qr-code")
        self._matrix: Matrix = ()
        self._text = ""
        self.setMinimumSize(240, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._matrix = qr_matrix(text) if text else ()
            self.update()

    def text(self) -> str:
        """What the code on screen says (tests wait for it before reading the pixels)."""
        return self._text

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if not self._matrix:
            return
        painter = QPainter(self)
        side = min(self.width(), self.height())
        cells = len(self._matrix)
        cell = side / cells
        left = (self.width() - side) / 2
        top = (self.height() - side) / 2
        painter.fillRect(QRectF(left, top, side, side), QColor("white"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for row, modules in enumerate(self._matrix):
            for column, dark in enumerate(modules):
                if dark:
                    painter.drawRect(QRectF(left + column * cell, top + row * cell,
                                            cell + 0.5, cell + 0.5))
        painter.end()
