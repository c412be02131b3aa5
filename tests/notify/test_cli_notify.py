"""``kiosk notify`` and ``kiosk doctor`` run for real, against the shipped demo config."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.app import build_app
from kiosk.config import load_config
from kiosk.secrets import SecretStore
from tests.conftest import REPO, TEST_AUDIT_KEY
from tests.helpers import find


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    environ.update({
        "KIOSK_DATA_DIR": str(tmp_path / "data"),
        "KIOSK_SECRET_AUDIT_KEY": TEST_AUDIT_KEY,
        "KIOSK_SITE_CONFIG_DIR": str(tmp_path / "no-site-config"),
        "KIOSK_PMS__DEMO__LATENCY_MS": "0",
        "KIOSK_TERMINAL__SIMULATED__STEP_DELAY_MS": "0",
        # no quiet hours, so the test does not depend on the time of day
        "KIOSK_NOTIFY__REMINDERS__QUIET_START": '"00:00"',
        "KIOSK_NOTIFY__REMINDERS__QUIET_END": '"00:00"',
    })
    return environ


def kiosk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=120, check=False)


def _opt_in(env: dict[str, str], key: str, channel: str, address: str) -> str:
    config = load_config(REPO / "config" / "demo.toml", environ=env)
    app = build_app(config, secrets=SecretStore({"KIOSK_SECRET_AUDIT_KEY": TEST_AUDIT_KEY},
                                                use_keyring=False))
    try:
        assert app.notices is not None
        patient = find(app, key)
        app.notices.record_optin(patient.id, channel, address)
        return patient.id
    finally:
        app.close()


def test_due_dry_run_prints_masked_and_records_nothing(env: dict[str, str]) -> None:
    patient_id = _opt_in(env, "accents", "sms", "3125550190")
    done = kiosk(env, "notify", "due", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "DRY RUN" in done.stdout and "would send 1 reminder(s)" in done.stdout
    assert "***-***-0190" in done.stdout and patient_id in done.stdout
    assert "3125550190" not in done.stdout and "Balance due: $" in done.stdout
    queue = json.loads(kiosk(env, "notify", "queue", "--json").stdout)
    assert queue["counts"] == {"queued": 0, "sent": 0, "attention": 0, "canceled": 0}
    done = kiosk(env, "notify", "due")
    assert done.returncode == 0, done.stderr
    assert "queued 1 reminder(s)" in done.stdout and "sent 1" in done.stdout
    assert json.loads(kiosk(env, "notify", "queue", "--json").stdout)["counts"]["sent"] == 1
    again = kiosk(env, "notify", "due", "--json")
    assert json.loads(again.stdout)["skipped"] == {"sent_recently": 1}


def test_due_with_reminders_off_does_nothing(env: dict[str, str]) -> None:
    env = dict(env, KIOSK_NOTIFY__REMINDERS__ENABLED="false")
    done = kiosk(env, "notify", "due")
    assert done.returncode == 0 and "reminders are off" in done.stdout


def test_due_with_the_pms_down_fails(env: dict[str, str]) -> None:
    _opt_in(env, "accents", "sms", "3125550190")
    done = kiosk(dict(env, KIOSK_PMS__DEMO__FAULT="down"), "notify", "due")
    assert done.returncode == 1 and "PMS unavailable" in done.stderr


def test_queue_shows_what_waits_and_staff_can_cancel(env: dict[str, str]) -> None:
    _opt_in(env, "accents", "email", "jn@example.org")
    down = dict(env, KIOSK_NOTIFY__EMAIL__SIMULATED__FAULT="down")
    assert kiosk(down, "notify", "due").returncode == 0
    listed = json.loads(kiosk(env, "notify", "queue", "--json").stdout)
    item, = listed["items"]
    assert item["status"] == "queued" and item["masked_to"] == "j***@e***.org"
    assert "unreachable" in item["last_error"]
    assert "jn@example.org" not in kiosk(env, "notify", "queue").stdout
    assert kiosk(env, "notify", "queue", "--cancel", item["id"]).returncode == 0
    counts = json.loads(kiosk(env, "notify", "queue", "--json").stdout)["counts"]
    assert counts["canceled"] == 1


def test_doctor_checks_both_channels(env: dict[str, str]) -> None:
    report = json.loads(kiosk(env, "doctor", "--json").stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["email"]["ok"] and checks["sms"]["ok"] and checks["notices"]["ok"]
    down = dict(env, KIOSK_NOTIFY__SMS__SIMULATED__FAULT="down")
    done = kiosk(down, "doctor")
    assert done.returncode == 0  # notices never stop the kiosk: a warning
    assert "warn   sms" in done.stdout


def test_preview_writes_a_receipt(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    done = kiosk(env, "notify", "preview", "--out", str(out), "--language", "es")
    assert done.returncode == 0
    page = out.read_text()
    assert "Recibo de pago" in page and "data:image/png;base64," in page
