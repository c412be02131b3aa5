"""One picture of a kiosk's health, for ``kiosk doctor``, the status file and IT alerts.

Every check is a side-effect-free probe (a terminal status enquiry, a PMS
ping, a printer status query): none takes a payment or prints. ``thorough``
adds what is too slow or too chatty to run every minute in a running kiosk:
the whole audit chain's verification, logging in to the mail and SMS
servers, the speech engine, the phone page and the scanner.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.app import App
    from kiosk.config.schema import Config


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    required: bool
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _probe(name: str, required: bool, probe: Any) -> Check:
    """Run an adapter's probe; an adapter that raises is a failed check, not a crash."""
    try:
        health = probe()
    except Exception as exc:
        return Check(name, False, required, f"check failed: {exc.__class__.__name__}")
    return Check(name, bool(health.ok), required, str(health.detail))


def database_check(app: App, thorough: bool) -> Check:
    try:
        status = app.sync.status()
        detail = (f"{app.ledger.dialect} ledger at schema head; {status.queued} postings queued, "
                  f"{status.attention} need attention")
        if not thorough:
            return Check("database", True, True, detail)
        from kiosk.audit.chain import verify_chain

        with app.ledger.read() as session:
            report = verify_chain(session, app.ledger.audit_chain._key, app.config.terminal_id,
                                  app.ledger.audit_chain.anchor)
    except Exception as exc:
        return Check("database", False, True, f"ledger cannot be read: {exc.__class__.__name__}")
    return Check("database", report.ok, True,
                 detail + "; audit chain " + ("intact" if report.ok
                                              else "BROKEN: " + "; ".join(report.problems)))


def sync_check(app: App, now: datetime | None = None) -> Check:
    """Postings still waiting for the PMS after ``health.sync_backlog_max_age_min``."""
    from kiosk.ledger.queries import oldest_queued_at

    limit = timedelta(minutes=app.config.health.sync_backlog_max_age_min)
    try:
        with app.ledger.read() as session:
            oldest = oldest_queued_at(session)
        status = app.sync.status()
    except Exception as exc:
        return Check("sync", False, False, f"queue cannot be read: {exc.__class__.__name__}")
    if oldest is None:
        return Check("sync", True, False, "no postings waiting")
    current = now or datetime.now(UTC)
    age = current - (oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC))
    minutes = int(age.total_seconds() // 60)
    waiting = f"{status.queued} queued, {status.attention} set aside for staff"
    if age > limit:
        why = f"; last error: {status.last_error}" if status.last_error else ""
        return Check("sync", False, False,
                     f"sync backlog: oldest posting waiting {minutes} min (limit "
                     f"{limit.seconds // 60 + limit.days * 1440} min); {waiting}{why}")
    return Check("sync", True, False, f"oldest posting waiting {minutes} min; {waiting}")


def app_checks(app: App, thorough: bool = False) -> list[Check]:
    config = app.config
    checks = [
        database_check(app, thorough),
        _probe("pms", True, app.pms.health),
        _probe("terminal", True, app.terminal.probe),
    ]
    if thorough and app.phone is not None:  # pay on your phone: optional
        checks.append(_probe("phone", False, app.phone.checkout.probe))
    checks.append(_probe("printer", bool(config.printer.required), app.printer.probe))
    if thorough and app.scanner is not None:  # the statement scanner, never required
        checks.append(_probe("scanner", False, app.scanner.probe))
    checks.append(sync_check(app))
    if thorough:
        checks.append(speech_check(config))
        from kiosk.notify.health import notice_checks  # email and SMS servers, the queue

        checks.extend(Check(*check) for check in notice_checks(app))
        checks.append(alert_route_check(app))
    return checks


def speech_check(config: Config) -> Check:
    from devices.speech.players import SilentPlayer
    from kiosk.app import build_speaker

    try:
        speaker = build_speaker(config, SilentPlayer())
    except Exception as exc:
        return Check("speech", False, False, f"speech failed: {exc.__class__.__name__}")
    if speaker is None:
        return Check("speech", True, False, "not configured (no audio mode)")
    try:
        return _probe("speech", False, speaker.probe)
    finally:
        speaker.close()


def alert_route_check(app: App) -> Check:
    """Can this kiosk tell IT when it is out of service?"""
    from kiosk.domain.notice import Channel

    health = app.config.health
    if not health.it_email:
        return Check("alerts", True, False, "no IT address (health.it_email): status file only")
    worker = app.notice_worker
    if worker is None or Channel.EMAIL not in worker.notifiers:
        return Check("alerts", False, False, "health.it_email is set but notify.email is not "
                                             "configured: IT alerts cannot be sent")
    return Check("alerts", True, False, f"IT alerts to {health.it_email}")


def gather(config_path: str | None) -> tuple[Config | None, list[Check]]:
    """``kiosk doctor``: load the config, build the app, run every check thoroughly."""
    from kiosk.config import ConfigError, load_config, resolve_config_path

    try:
        path = resolve_config_path(config_path)
        config = load_config(config_path)
    except ConfigError as exc:
        return None, [Check("config", False, True, str(exc))]
    checks = [Check("config", True, True,
                    f"{path} ({config.mode} mode, terminal id {config.terminal_id})")]
    from kiosk.app import build_app
    from kiosk.ledger.database import LedgerError
    from kiosk.secrets import MissingSecret

    try:
        app = build_app(config)
    except MissingSecret as exc:  # a secret the configured parts need is missing or unusable
        checks.append(Check("secrets", False, True, str(exc)))
        return config, checks
    except (LedgerError, OSError) as exc:
        checks.append(Check("database", False, True, str(exc)))
        return config, checks
    try:
        checks.extend(app_checks(app, thorough=True))
    finally:
        app.close()
    return config, checks
