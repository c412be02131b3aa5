"""``kiosk run --mode counter`` with a planted bug: an exception escapes a Qt slot while a
patient's search results are on the desk's screen.

Run by tests/deploy/test_crash.py as ``python -m tests.deploy.counter_crash_child CONFIG``
(offscreen). The real ui/counter/app.py wiring runs; this script only drives the session
once it has started: the demo receptionist signs in and searches for a patient, then a
slot raises an exception whose message holds patient details. Prints the screens seen,
as JSON, before quitting.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.counter.session import CounterSession
from kiosk.counter.view import CounterScreen
from tests.deploy.phi import SENTENCE

seen: dict[str, Any] = {}


def main(config: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import ui.counter.app

    start = CounterSession.start

    def start_then_script(session: CounterSession) -> None:
        start(session)
        wait_for(session, CounterScreen.SIGN_IN, lambda: sign_in(session))

    def wait_for(session: CounterSession, screen: CounterScreen, then: Any,
                 tries: int = 400) -> None:
        if session.state.screen is screen:
            then()
        elif tries == 0:
            seen["stuck_at"] = session.state.screen.value
            finish(session)
        else:
            QTimer.singleShot(25, lambda: wait_for(session, screen, then, tries - 1))

    def sign_in(session: CounterSession) -> None:
        session.sign_in("reception", "clinicpay demo")
        wait_for(session, CounterScreen.SEARCH, lambda: search(session))

    def search(session: CounterSession) -> None:
        session.search_by_name("Nunez", date(1972, 7, 4))

        def found() -> None:
            seen["before"] = session.state.screen.value
            QTimer.singleShot(20, planted_bug)
            QTimer.singleShot(400, lambda: finish(session))

        QTimer.singleShot(0, lambda: wait_for_hits(session, found))

    def wait_for_hits(session: CounterSession, then: Any, tries: int = 400) -> None:
        if session.state.screen is not CounterScreen.SEARCH or session.state.hits:
            then()
        elif tries == 0:
            seen["stuck_at"] = "search without hits"
            finish(session)
        else:
            QTimer.singleShot(25, lambda: wait_for_hits(session, then, tries - 1))

    def planted_bug() -> None:
        raise ValueError(f"cannot render {SENTENCE}")

    def finish(session: CounterSession) -> None:
        seen["after"] = session.state.screen.value
        print(json.dumps(seen), flush=True)
        app = QApplication.instance()
        if app is not None:
            app.quit()

    CounterSession.start = start_then_script  # type: ignore[method-assign]
    return ui.counter.app.run_counter(config)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
