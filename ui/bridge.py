"""The one place core events cross into the GUI thread.

The session calls listeners from whatever thread changed it (often its
worker); emitting a Qt signal from there queues the call onto the GUI
thread, where the window renders. Nothing else in ui/ touches threads.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.flow.view import ViewState


class SessionBridge(QObject):
    changed = Signal(object)

    def attach(self, session: Any) -> None:
        session.subscribe(self._on_state)

    def _on_state(self, state: ViewState) -> None:
        self.changed.emit(state)


class SessionHandle:
    """Stands in for the session until start-up has built it: intents before then do nothing.

    Screens bind ``handle.start`` and friends when they are built (before the
    first paint); each call is forwarded to the real session once it exists.
    """

    def __init__(self) -> None:
        self.target: Any = None

    def __getattr__(self, name: str) -> Any:
        def forward(*args: Any, **kwargs: Any) -> Any:
            if self.target is None:
                return None
            return getattr(self.target, name)(*args, **kwargs)

        return forward
