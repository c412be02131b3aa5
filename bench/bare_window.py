"""The baseline: a bare PySide6 window (one label, full-screen), painted, then quit.

Prints the same JSON as ``kiosk run --smoke`` so bench/startup.py can compare.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from kiosk.timing import peak_rss_mb, process_age_s

painted: dict[str, float] = {}


class Label(QLabel):
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if "first_paint_s" not in painted:
            painted["first_paint_s"] = process_age_s()
            QTimer.singleShot(0, QApplication.quit)


app = QApplication(sys.argv[:1])
label = Label("Pay your bill here")
label.resize(1280, 800)
label.showFullScreen()
app.exec()
print(json.dumps({"first_paint_s": round(painted["first_paint_s"], 3),
                  "ready_s": round(painted["first_paint_s"], 3),
                  "peak_rss_mb": round(peak_rss_mb(), 1)}))
