"""``kiosk doctor``: every part checked, each ok or failed with the reason.

Exits non-zero when a required part fails. Never takes a payment or prints a
receipt: every check is a side-effect-free probe. The checks live in
:mod:`kiosk.health.checks`, shared with the running kiosk's status file;
``--json`` prints the same picture as that file.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from kiosk.cli.output import emit_json
from kiosk.health.checks import Check, gather

if TYPE_CHECKING:
    from kiosk.config.schema import Config

__all__ = ["Check", "gather", "run"]


def run(args: argparse.Namespace, _config: Config | None) -> int:
    config, checks = gather(args.config)
    failed_required = [c for c in checks if c.required and not c.ok]
    if getattr(args, "json", False):
        from kiosk.health.status import picture

        emit_json(picture(checks, config, "kiosk doctor", extra=_deployment(config)))
    else:
        for check in checks:
            mark = "ok    " if check.ok else ("FAILED" if check.required else "warn  ")
            print(f"{mark} {check.name:<9} {check.detail}")
        for line in _deployment_lines(config):
            print(f"info   {line}")
        if failed_required:
            print(f"{len(failed_required)} required part(s) failed", file=sys.stderr)
    return 1 if failed_required else 0


def _deployment(config: Config | None) -> dict[str, object]:
    """Where IT finds the logs, the crash reports and the running kiosk's status file."""
    if config is None:
        return {}
    from kiosk.crash import recent_reports, reporter_for
    from kiosk.health.status import status_path

    data_dir = config.resolved_data_dir()
    crash_dir = reporter_for(config, data_dir).directory
    return {"data_dir": str(data_dir),
            "log_dir": str(crash_dir.parent),
            "status_file": str(status_path(config, data_dir)),
            "crash_reports": [str(p) for p in recent_reports(crash_dir)]}


def _deployment_lines(config: Config | None) -> list[str]:
    facts = _deployment(config)
    if not facts:
        return []
    lines = [f"logs in {facts['log_dir']}; status file {facts['status_file']}"]
    reports = facts["crash_reports"]
    if isinstance(reports, list) and reports:
        lines.append(f"{len(reports)} recent crash report(s), newest {reports[-1]}")
    return lines
