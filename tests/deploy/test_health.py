"""Health alerts for unattended kiosks: the policy, the status file, the email to IT."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.health.alerts import AlertPolicy
from kiosk.health.checks import sync_check
from kiosk.health.monitor import HealthMonitor
from tests.conftest import REPO, TEST_AUDIT_KEY
from tests.deploy.phi import leaks
from tests.notify.peers import Record

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
PARTS = ["database", "pms", "terminal", "printer", "sync"]


def policy(tmp_path: Path, **kwargs: Any) -> AlertPolicy:
    return AlertPolicy(tmp_path / "alerts.json", kwargs.get("after", 5 * MIN),
                       kwargs.get("repeat", timedelta(hours=24)), kwargs.get("recovery", True))


def test_a_part_must_fail_for_a_while_before_it_is_told(tmp_path: Path) -> None:
    alerts = policy(tmp_path)
    said = [alerts.observe(["terminal"], PARTS, T0 + i * MIN) for i in range(12)]
    assert said[:5] == [None] * 5
    assert said[5] == ("out_of_service", ("terminal",))
    assert said[6:] == [None] * 6  # told once, not every minute


def test_new_parts_repeats_and_recovery(tmp_path: Path) -> None:
    alerts = policy(tmp_path, after=timedelta(0), repeat=timedelta(hours=1))
    assert alerts.observe(["pms"], PARTS, T0) == ("out_of_service", ("pms",))
    assert alerts.observe(["pms"], PARTS, T0 + MIN) is None
    assert alerts.observe(["pms", "printer"], PARTS, T0 + 2 * MIN) == \
        ("out_of_service", ("pms", "printer"))
    assert alerts.observe(["pms", "printer"], PARTS, T0 + 62 * MIN) == \
        ("reminder", ("pms", "printer"))
    assert alerts.observe(["printer"], PARTS, T0 + 63 * MIN) is None  # pms better; printer not
    assert alerts.observe([], PARTS, T0 + 64 * MIN) == ("recovered", ("pms", "printer"))
    assert alerts.observe([], PARTS, T0 + 65 * MIN) is None


def test_a_flapping_part_is_told_once_and_recovers_once(tmp_path: Path) -> None:
    alerts = policy(tmp_path)
    said = []
    for minute in range(60):  # two minutes down, one minute up, for an hour
        failing = ["terminal"] if minute % 3 != 2 else []
        said.append(alerts.observe(failing, PARTS, T0 + minute * MIN))
    told = [s for s in said if s is not None]
    assert told == [("out_of_service", ("terminal",))]
    after = [alerts.observe([], PARTS, T0 + (60 + m) * MIN) for m in range(10)]
    assert [s for s in after if s] == [("recovered", ("terminal",))]


def test_the_state_survives_a_restart(tmp_path: Path) -> None:
    first = policy(tmp_path, after=timedelta(0))
    assert first.observe(["terminal"], PARTS, T0) == ("out_of_service", ("terminal",))
    first.save()
    again = policy(tmp_path, after=timedelta(0))  # a kiosk that crashed and came back
    assert again.observe(["terminal"], PARTS, T0 + MIN) is None
    (tmp_path / "alerts.json").write_text("{not json")
    assert policy(tmp_path).state.told == ()  # a damaged file is not a crash


def _mails_to_it(record: Record) -> list[Any]:
    return [m for m in record.mails() if m["To"] == "it@example.org"]


def test_out_of_service_kiosk_emails_it_once_and_writes_the_status_file(
        it_app: Any, record: Record, data_dir: Path) -> None:
    app = it_app(it_email="it@example.org", alert_after_s=0, repeat_after_h=1)
    now = [T0]
    monitor = HealthMonitor.for_app(app, extra=lambda: {"screen": "attract"})
    monitor._now = lambda: now[0]
    app.pms.faults.set("down")
    body = monitor.run_once()
    status = json.loads((data_dir / "status.json").read_text())
    assert status == body
    assert status["problems"] == ["pms"] and status["ok"] is False
    assert status["screen"] == "attract" and status["source"] == "kiosk run"
    assert status["failing_since"]["pms"].startswith("2026-11-27T09:00")
    assert app.notice_worker.drain_once().sent == 1
    mails = _mails_to_it(record)
    assert len(mails) == 1
    assert mails[0]["Subject"] == "[ClinicPay] test-kiosk out of service: pms"
    text = mails[0].get_body(("plain",)).get_content()
    assert "- pms: failing since 2026-11-27 09:00 UTC:" in text and "status.json" in text
    # the same problem a minute later, ten minutes later: nothing new
    for minutes in (1, 10):
        now[0] = T0 + minutes * MIN
        monitor.run_once()
        app.notice_worker.drain_once()
    assert len(_mails_to_it(record)) == 1
    # an hour later, still down: one reminder
    now[0] = T0 + 61 * MIN
    monitor.run_once()
    app.notice_worker.drain_once()
    assert [m["Subject"] for m in _mails_to_it(record)][-1].endswith("out of service: pms")
    assert len(_mails_to_it(record)) == 2
    # back: with alert_after_s = 0 it counts as recovered at once
    app.pms.faults.set("none")
    now[0] = T0 + 62 * MIN
    assert monitor.run_once()["problems"] == []
    app.notice_worker.drain_once()
    subjects = [m["Subject"] for m in _mails_to_it(record)]
    assert subjects[-1] == "[ClinicPay] test-kiosk is back in service" and len(subjects) == 3
    # the alerts sit in the notice outbox like any notice, addresses erased once sent
    counts = app.notices.counts()
    assert counts["sent"] == 3 and counts["queued"] == 0
    assert all(leaks(m.as_bytes()) == [] for m in record.mails())


def test_only_the_newest_alert_waits_while_the_mail_server_is_down(it_app: Any,
                                                                    record: Record) -> None:
    app = it_app(it_email="it@example.org", alert_after_s=0)
    now = [T0]
    monitor = HealthMonitor.for_app(app)
    monitor._now = lambda: now[0]
    app.pms.faults.set("down")
    monitor.run_once()
    now[0] = T0 + MIN  # the printer goes offline too, before the first alert was sent
    app.printer = type(app.printer)("offline", app.config.clinic.timezone)
    monitor.run_once()
    counts = app.notices.counts()
    assert counts["queued"] == 1 and counts["canceled"] == 1
    app.notice_worker.drain_once()
    subjects = [m["Subject"] for m in _mails_to_it(record)]
    assert subjects == ["[ClinicPay] test-kiosk out of service: pms, printer"]


def test_without_a_ledger_it_is_emailed_directly(tmp_path: Path, smtp_peer: Any,
                                                 record: Record,
                                                 tls_files: tuple[Path, Path]) -> None:
    from kiosk.app import build_notifiers
    from kiosk.domain.notice import Channel
    from kiosk.health.checks import Check
    from tests.conftest import make_config
    from tests.notify.conftest import notify_config, notify_secrets

    config = make_config(tmp_path, notify=notify_config(smtp_peer.port, "http://127.0.0.1:9",
                                                        tls_files[0]),
                         health={"it_email": "it@example.org", "alert_after_s": 0})
    notifier = build_notifiers(config, tmp_path, notify_secrets())[Channel.EMAIL]
    monitor = HealthMonitor.without_app(
        config, tmp_path, Check("database", False, True, "disk I/O error"), notifier)
    assert monitor.run_once()["problems"] == ["database"]
    assert monitor.run_once()["problems"] == ["database"]
    subjects = [m["Subject"] for m in _mails_to_it(record)]
    assert subjects == ["[ClinicPay] test-kiosk out of service: database"]


def test_a_sync_backlog_older_than_the_threshold_is_a_problem(app_factory: Any) -> None:
    from tests.helpers import find, request

    app = app_factory(health={"sync_backlog_max_age_min": 30})
    payment = app.payments.start(request(app, find(app, "accents"), 2_000))
    assert app.payments.authorize(payment).approved  # the posting waits in the outbox
    fresh = sync_check(app)
    assert fresh.ok and "1 queued" in fresh.detail
    later = sync_check(app, now=datetime.now(UTC) + timedelta(minutes=45))
    assert not later.ok and later.detail.startswith("sync backlog: oldest posting waiting 4")
    app.sync.drain_once()
    assert sync_check(app, now=datetime.now(UTC) + timedelta(minutes=45)).ok


def test_doctor_json_is_the_same_picture(tmp_path: Path) -> None:
    env = dict(os.environ, KIOSK_DATA_DIR=str(tmp_path), KIOSK_SECRET_AUDIT_KEY=TEST_AUDIT_KEY,
               KIOSK_PMS__DEMO__FAULT="down", KIOSK_PMS__DEMO__LATENCY_MS="0",
               KIOSK_SITE_CONFIG_DIR=str(tmp_path / "none"), KIOSK_SPEECH__KIND="none")
    done = subprocess.run([sys.executable, "-m", "kiosk", "doctor", "--json"], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["schema"] == "clinicpay-kiosk/status/1" and report["source"] == "kiosk doctor"
    assert report["problems"] == ["pms"] and report["ok"] is False
    assert report["status_file"] == str(tmp_path / "status.json")
    assert {"name", "ok", "required", "detail"} == set(report["checks"][0])
