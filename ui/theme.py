"""The QSS theme from assets/themes, applied once to the whole application."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kiosk.paths import assets_dir


def apply_theme(app: QApplication, name: str = "default") -> None:
    path = assets_dir() / "themes" / f"{name}.qss"
    app.setStyleSheet(path.read_text(encoding="utf-8"))
