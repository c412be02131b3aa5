"""Where logs go: standard error (the journal, under systemd) and a size-rotated file.

Both go through :class:`~kiosk.logs.redact.RedactingFormatter`. Libraries log
at WARNING and above only (SQLAlchemy, for one, would otherwise log every
statement once the root logger is at INFO); our own loggers at the level
asked for. Each command writes its own file (``kiosk-run.log``,
``kiosk-notify.log``, ...), because Python's rotating handler is not safe
when two processes rotate one file.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kiosk.logs.redact import RedactingFormatter

if TYPE_CHECKING:
    from kiosk.config.schema import LogsConfig

#: The loggers of our own code, whose level the config sets (libraries stay at WARNING).
OWN_LOGGERS = ("kiosk", "devices", "ui", "qt")
_ROLE = "_clinicpay_log_role"
_LEVELS = {"DEBUG": logging.DEBUG, "INFO": logging.INFO, "WARNING": logging.WARNING,
           "ERROR": logging.ERROR, "CRITICAL": logging.CRITICAL}


def level_number(name: str, default: int = logging.WARNING) -> int:
    return _LEVELS.get(name.strip().upper(), default)


def _replace(role: str, handler: logging.Handler | None) -> None:
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _ROLE, None) == role]:
        root.removeHandler(old)
        old.close()
    if handler is not None:
        setattr(handler, _ROLE, role)
        root.addHandler(handler)


def _own_level() -> int:
    """Our loggers pass what the most verbose of our handlers wants."""
    levels = [h.level for h in logging.getLogger().handlers if getattr(h, _ROLE, None)]
    return min(levels) if levels else logging.WARNING


def _apply_levels() -> None:
    logging.getLogger().setLevel(logging.WARNING)
    level = _own_level()
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(level)


def configure_console(level: str = "WARNING", stream: TextIO | None = None) -> None:
    """Redacted log lines on standard error at ``level`` (``$KIOSK_LOG``)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setLevel(level_number(level))
    handler.setFormatter(RedactingFormatter())
    _replace("console", handler)
    _apply_levels()
    _route_warnings()


def open_log_file(data_dir: Path, settings: LogsConfig | None, name: str) -> Path:
    """Add (or move) the rotating log file; returns its path.

    The file is opened on the first record, so a read-only data folder does
    not stop a command that logs nothing.
    """
    from kiosk.config.schema import LogsConfig

    chosen = settings or LogsConfig()
    directory = Path(chosen.dir).expanduser() if chosen.dir else data_dir / "logs"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=chosen.max_size_mb * 1024 * 1024, backupCount=chosen.keep,
        encoding="utf-8", delay=True)
    handler.setLevel(level_number(chosen.level, logging.INFO))
    handler.setFormatter(RedactingFormatter())
    _replace("file", handler)
    _apply_levels()
    return path


def close_log_file() -> None:
    _replace("file", None)
    _apply_levels()


def _route_warnings() -> None:
    """Python warnings become a log line with their category and place, not their text."""
    log = logging.getLogger("py.warnings")

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
             file: TextIO | None = None, line: str | None = None) -> None:
        log.warning("%s at %s:%d", category, Path(filename), lineno)

    warnings.showwarning = show


def handler_paths() -> list[Path]:
    """The files our handlers write to (for ``kiosk doctor`` and tests)."""
    return [Path(h.baseFilename) for h in logging.getLogger().handlers
            if isinstance(h, logging.FileHandler) and getattr(h, _ROLE, None)]
