"""Crash reports without patient details, and what happens after a crash.

An exception nobody caught (on the main thread, on any other thread, or
Qt's fatal message) leaves one JSON file in ``crash/`` beside the log
files (``logs/crash/`` in the data folder): the exception's type, the
stack's frames (file, line, function), the exception chain's types,
versions, the config's mode and terminal id, the thread and the time.
Never the exception's message, local variables or arguments: a crash in
the middle of a look-up would otherwise write the patient's name to disk.
OS errors add their errno name (``ENOSPC``), which is a system fact. IT
reads these files; ``kiosk doctor`` lists the newest.

After writing, the handler calls ``on_crash`` (the GUI resets the patient
session to the attract screen) for a crash on the main thread; a crash on
another thread only leaves its report (that thread's owner has its own
health check). A process that dies is restarted by systemd
(``Restart=always`` in the unit).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from kiosk.logs.redact import exception_label

#: Qt messages that are Qt's own words about the platform, never data: kept in a report.
SAFE_QT_PREFIXES = (
    "This application failed to start because no Qt platform plugin could be initialized",
    "Could not load the Qt platform plugin",
    "Could not connect to display",
    "Failed to create wl_display",
    "QXcbConnection: Could not connect to display",
    "Cannot mix incompatible Qt library",
    "QThread: Destroyed while thread is still running",
    "QObject::",
    "QWidget:",
    "QPainter::",
    "This plugin does not support",
    "PulseAudioService:",
)
#: Packages whose versions go in a report (only those already imported).
_VERSIONED = ("PySide6", "sqlalchemy", "alembic", "pydantic", "stripe", "escpos", "serial",
              "cryptography")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "platform": platform.platform(),
             "frozen": str(bool(getattr(sys, "frozen", False)))}
    try:
        from kiosk import installed_version

        found["clinicpay-kiosk"] = installed_version()
    except Exception:  # a report must be written whatever is missing
        found["clinicpay-kiosk"] = "unknown"
    for name in _VERSIONED:
        module = sys.modules.get(name)
        value = getattr(module, "__version__", None) if module is not None else None
        if isinstance(value, str):
            found[name] = value
    return found


def frames(tb: TracebackType | None) -> list[dict[str, Any]]:
    return [{"file": _short(frame.filename), "line": frame.lineno, "function": frame.name}
            for frame in traceback.extract_tb(tb)]


def _short(filename: str) -> str:
    """A path relative to the package that holds it (no home folders in reports)."""
    path = Path(filename)
    for marker in ("site-packages", "_internal"):
        if marker in path.parts:
            return "/".join(path.parts[path.parts.index(marker) + 1:])
    root = Path(__file__).resolve().parent.parent
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.name


def exception_chain(exc: BaseException | None) -> list[dict[str, Any]]:
    """The exception and its causes, outermost first: types and frames only."""
    chain: list[dict[str, Any]] = []
    seen: set[int] = set()
    current = exc
    while current is not None and id(current) not in seen and len(chain) < 10:
        seen.add(id(current))
        chain.append({"type": _qualified(type(current)), "label": exception_label(current),
                      "frames": frames(current.__traceback__)})
        current = current.__cause__ or (None if current.__suppress_context__
                                        else current.__context__)
    return chain


def _qualified(kind: type[BaseException]) -> str:
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


@dataclass
class CrashReporter:
    """Writes crash reports into ``directory``; knows the config facts a report carries."""

    directory: Path
    mode: str = "unknown"
    terminal_id: str = ""
    channel: str = ""
    keep: int = 50
    written: list[Path] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def report(self, where: str, exc: BaseException | None = None,
               tb: TracebackType | None = None, qt: dict[str, Any] | None = None) -> Path:
        """Write one report (atomically); returns its path."""
        now = datetime.now(UTC)
        body: dict[str, Any] = {
            "kind": "clinicpay-kiosk crash report",
            "time": now.isoformat(timespec="seconds"),
            "where": where,
            "thread": threading.current_thread().name,
            "pid": os.getpid(),
            "config": {"mode": self.mode, "terminal_id": self.terminal_id,
                       "channel": self.channel},
            "versions": versions(),
            "message": "withheld: exception messages may hold patient data",
        }
        if exc is not None:
            body["exception"] = exception_chain(exc)
            if tb is not None and tb is not exc.__traceback__:
                body["exception"][0]["frames"] = frames(tb)
        if qt is not None:
            body["qt"] = qt
        with self._lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            stamp = now.strftime("%Y%m%dT%H%M%SZ")
            path = self.directory / f"crash-{stamp}-{os.getpid()}-{len(self.written) + 1}.json"
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
            os.replace(temporary, path)
            self.written.append(path)
            self._prune()
        return path

    def _prune(self) -> None:
        reports = sorted(self.directory.glob("crash-*.json"), key=lambda p: p.stat().st_mtime)
        for old in reports[:-self.keep] if len(reports) > self.keep else []:
            with contextlib.suppress(OSError):
                old.unlink()


def qt_message_details(kind: str, message: str, file: str | None, line: int,
                       function: str | None, category: str | None) -> dict[str, Any]:
    """A Qt message for a report or a log line: its text only if it is Qt's own words.

    That is a message in one of Qt's logging categories (``qt.multimedia...``: Qt
    describing itself) or one starting like a known Qt message; anything else
    (``qWarning`` from any code, in the ``default`` category) is withheld.
    """
    ours = (category or "").startswith("qt.") or message.startswith(SAFE_QT_PREFIXES)
    kept = message if ours else f"withheld ({len(message)} characters)"
    return {"kind": kind, "message": kept, "category": category or "",
            "file": _short(file) if file else "", "line": line, "function": function or ""}


def recent_reports(directory: Path, limit: int = 5) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(directory.glob("crash-*.json"), key=lambda p: p.stat().st_mtime)[-limit:]


#: More crashes than this within a minute on the main thread: the process is broken (a timer
#: raising every tick); it exits with EX_SOFTWARE and systemd starts a fresh one.
CRASH_BURST = 10
EXIT_CRASH_LOOP = 70


def install(reporter: CrashReporter, on_crash: Callable[[], None] | None = None,
            stderr: Any = None, burst: int = CRASH_BURST,
            clock: Callable[[], float] = time.monotonic) -> Callable[[], None]:
    """Route uncaught exceptions to ``reporter``; returns a function that undoes it.

    The default hooks are *not* chained: they print the exception's message,
    which would carry patient details into the journal. A short line with
    the type and the report's path goes to standard error instead.
    """
    previous_sys, previous_thread = sys.excepthook, threading.excepthook
    recent: list[float] = []

    def say(text: str) -> None:
        with contextlib.suppress(Exception):  # stderr may be gone
            print(text, file=stderr or sys.stderr, flush=True)

    def on_main(kind: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous_sys(kind, exc, tb)
            return
        try:
            path = reporter.report("main", exc, tb)
            say(f"unexpected error ({exception_label(exc)}); crash report: {path}")
        except Exception as failure:  # the hook itself must never fail loudly
            say(f"unexpected error ({exception_label(exc)}); no crash report "
                f"({exception_label(failure)})")
        now = clock()
        recent[:] = [t for t in recent if now - t < 60] + [now]
        if len(recent) > burst:
            say(f"{len(recent)} crashes within a minute: exiting so that a fresh process starts")
            os._exit(EXIT_CRASH_LOOP)  # no clean-up: the ledger is crash-safe by design
        if on_crash is not None:
            try:
                on_crash()
            except Exception as failure:
                say(f"recovering after the crash failed ({exception_label(failure)})")

    def on_thread(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        try:
            path = reporter.report(f"thread:{name}", args.exc_value, args.exc_traceback)
            say(f"unexpected error in thread {name} "
                f"({exception_label(args.exc_value) if args.exc_value else args.exc_type}); "
                f"crash report: {path}")
        except Exception as failure:
            say(f"unexpected error in thread {name}; no crash report "
                f"({exception_label(failure)})")

    sys.excepthook = on_main
    threading.excepthook = on_thread

    def undo() -> None:
        sys.excepthook, threading.excepthook = previous_sys, previous_thread

    return undo


def reporter_for(config: Any, data_dir: Path) -> CrashReporter:
    """The reporter for a loaded config (``kiosk.config.schema.Config``)."""
    logs = config.logs
    base = Path(logs.dir).expanduser() if logs.dir else data_dir / "logs"
    return CrashReporter(base / "crash", mode=config.mode, terminal_id=config.terminal_id,
                         channel=config.channel, keep=logs.crash_reports_kept)
