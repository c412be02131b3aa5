"""The Qt binding must not corrupt reference counts (PySide6 6.12.0 does; see pyproject.toml).

A kiosk runs for weeks; a binding that drops a reference to None on every
"nothing" answer aborts the interpreter after a few thousand calls. This runs
such calls in a child process, so an abort fails the test instead of the run.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
app = QApplication([])
widget, button = QWidget(), QPushButton("x")
label = QLabel("x", widget)
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(20000):
    button.property("role"); widget.layout(); widget.parentWidget(); app.focusWidget()
    label.wordWrap(); label.isVisibleTo(widget)
print(sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before)
"""


def test_nothing_answers_keep_their_references() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-500:]
    none_drift, true_drift = (int(n) for n in done.stdout.split())
    assert abs(none_drift) < 100 and abs(true_drift) < 100
