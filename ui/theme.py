"""Themes: the default, high contrast, and large text (1.5x), from one QSS source.

High contrast is the default stylesheet with every colour mapped to a
black-background palette (white and yellow text, yellow primary buttons, a
cyan focus ring); large text scales every font size by 1.5. One source keeps
the two themes from drifting apart; the contrast test checks every rendered
widget in every combination.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtWidgets import QApplication

from kiosk.paths import assets_dir

LARGE_TEXT_SCALE = 1.5

HIGH_CONTRAST = {
    "#f7f9fc": "#000000",  # page background
    "#ffffff": "#000000",  # white surfaces (keys, entries) and white text on blue
    "#14213d": "#ffffff",  # body text
    "#0b3d6e": "#ffff00",  # titles, header band, entry border
    "#33415c": "#ffffff",  # secondary text
    "#4a5568": "#ffffff",
    "#0b5fa5": "#ffff00",  # primary buttons (black text on yellow)
    "#084a80": "#cccc00",
    "#b35900": "#ffa500",  # demo banner
    "#fde8e8": "#000000",  # problem message
    "#a61b1b": "#ff8080",
    "#7a0f0f": "#ff8080",
    "#e3f4e8": "#000000",  # ok message
    "#17612f": "#66ff66",
    "#0f4a22": "#66ff66",
    "#fff4cc": "#000000",  # notice
    "#8a6d00": "#ffff00",
    "#3d3000": "#ffff00",
    "#e6ebf2": "#000000",  # quiet buttons, erase key
    "#c3cddb": "#ffffff",
    "#8a99ad": "#ffffff",
    "#d7e3f4": "#333333",
    "#eef1f5": "#000000",  # disabled
    "#5c6675": "#a0a0a0",
    "#d5dbe3": "#707070",
    "#e1e6ec": "#707070",
    "#b4bcc8": "#8a8a8a",
    "#f2a900": "#00ffff",  # focus ring
    "rgba(20, 33, 61, 180)": "rgba(0, 0, 0, 225)",
}


@cache
def _source() -> str:
    return (assets_dir() / "themes" / "default.qss").read_text(encoding="utf-8")


@cache
def stylesheet(high_contrast: bool = False, large_text: bool = False) -> str:
    qss = _source()
    if high_contrast:
        qss = re.sub("|".join(re.escape(k) for k in HIGH_CONTRAST),
                     lambda m: HIGH_CONTRAST[m.group(0).lower()], qss, flags=re.IGNORECASE)
    if large_text:
        qss = re.sub(r"font-size:\s*(\d+)px",
                     lambda m: f"font-size: {round(int(m.group(1)) * LARGE_TEXT_SCALE)}px", qss)
    return qss


def apply_counter_theme(app: QApplication) -> None:
    """The counter is a desktop tool for staff: normal sizes, same colours."""
    app.setStyleSheet((assets_dir() / "themes" / "counter.qss").read_text(encoding="utf-8"))


def apply_theme(app: QApplication, high_contrast: bool = False,
                large_text: bool = False) -> None:
    wanted = stylesheet(high_contrast, large_text)
    if app.styleSheet() != wanted:
        app.setStyleSheet(wanted)
