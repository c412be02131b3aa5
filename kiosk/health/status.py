"""The status file a monitoring agent reads, and the JSON ``kiosk doctor --json`` prints.

Both are the same picture (:func:`picture`): every check with its detail,
``ok`` (no required part failed), ``in_service`` and the list of
``problems`` IT should hear about. The running kiosk rewrites the file
every ``health.check_interval_s``; an agent that finds it older than a few
intervals knows the kiosk itself is not running. The write is atomic
(a temporary file in the same folder, fsynced, then renamed), so a reader
never sees half a file.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.health.checks import Check

if TYPE_CHECKING:
    from kiosk.config.schema import Config

SCHEMA = "clinicpay-kiosk/status/1"


def problems(checks: Iterable[Check], alert_on: Sequence[str]) -> list[Check]:
    """Failed checks IT should hear about: every required part, and those named in
    ``health.alert_on`` (the printer and the sync backlog by default)."""
    return [c for c in checks if not c.ok and (c.required or c.name in alert_on)]


def picture(checks: Sequence[Check], config: Config | None, source: str,
            now: datetime | None = None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    alert_on = config.health.alert_on if config is not None else ()
    failing = problems(checks, alert_on)
    body: dict[str, Any] = {
        "schema": SCHEMA,
        "source": source,
        "checked_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "terminal_id": config.terminal_id if config is not None else "",
        "mode": config.mode if config is not None else "",
        "ok": not any(c.required and not c.ok for c in checks),
        "in_service": not any(c.required and not c.ok for c in checks),
        "problems": [c.name for c in failing],
        "checks": [c.as_dict() for c in checks],
        "pid": os.getpid(),
    }
    body.update(extra or {})
    return body


def status_path(config: Config, data_dir: Path) -> Path:
    chosen = config.health.status_file
    return Path(chosen).expanduser() if chosen else data_dir / "status.json"


def write_atomic(path: Path, body: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(body, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)  # an agent under another user may read it; no PHI in it
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
