"""Qt's own messages (warnings, criticals, a fatal error) into the kiosk's redacting log.

Shared by the kiosk and the counter windows. A fatal message leaves a crash report
before Qt aborts the process; every other one becomes a log line that keeps Qt's
words only where they cannot carry patient data (:func:`kiosk.crash.qt_message_details`).
"""

from __future__ import annotations

from typing import Any

_qt_handler: Any = None  # kept alive: Qt holds only a borrowed reference


def route_qt_messages(reporter: Any) -> None:
    """Qt's messages go to the redacting log; a fatal one leaves a crash report first."""
    global _qt_handler
    import logging

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from kiosk.crash import qt_message_details
    from kiosk.logs import safe

    log = logging.getLogger("qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.INFO, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(kind: Any, context: Any, message: str) -> None:
        try:
            details = qt_message_details(kind.name, message, context.file, context.line,
                                         context.function, context.category)
            if kind == QtMsgType.QtFatalMsg:
                reporter.report("qt", qt=details)
            log.log(levels.get(kind, logging.WARNING), "Qt %s: %s", safe(kind.name),
                    safe(details["message"]))
        except Exception:  # a message handler that raises would abort Qt
            pass

    _qt_handler = handler
    qInstallMessageHandler(handler)
