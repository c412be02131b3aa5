"""``kiosk run`` with a planted bug: an exception escapes a Qt slot mid-session.

Run by tests/deploy/test_crash.py as ``python -m tests.deploy.gui_crash_child CONFIG``
(offscreen). The real ui/app.py wiring runs; this script only reaches into the
session once it is ready: the patient starts and types a name, then a slot
raises an exception whose message holds patient details. Prints the screens
seen, as JSON, before quitting.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.flow.session import KioskSession
from tests.deploy.phi import SENTENCE

seen: dict[str, Any] = {}


def main(config: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import ui.app

    ready = KioskSession.ready

    def ready_then_script(session: KioskSession) -> None:
        ready(session)
        QTimer.singleShot(50, lambda: begin(session))

    def begin(session: KioskSession) -> None:
        session.start()
        for letter in "NUNEZ":
            session.type_letter(letter)
        seen["before"] = session.state.screen.value
        seen["typed"] = session.state.typed_name
        QTimer.singleShot(20, planted_bug)
        QTimer.singleShot(400, lambda: finish(session))

    def planted_bug() -> None:
        raise ValueError(f"cannot render {SENTENCE}")

    def finish(session: KioskSession) -> None:
        seen["after"] = session.state.screen.value
        seen["typed_after"] = session.state.typed_name
        print(json.dumps(seen), flush=True)
        app = QApplication.instance()
        if app is not None:
            app.quit()

    KioskSession.ready = ready_then_script  # type: ignore[method-assign]
    return ui.app.run(config, windowed=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
