"""The ``kiosk`` command, run for real as a subprocess against files in a temp folder."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.ledger.migrate import HEAD_REVISION
from tests.conftest import REPO, TEST_AUDIT_KEY


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    environ.update({
        "KIOSK_DATA_DIR": str(tmp_path / "data"),
        "KIOSK_SECRET_AUDIT_KEY": TEST_AUDIT_KEY,
        "KIOSK_SITE_CONFIG_DIR": str(tmp_path / "no-site-config"),
        "KIOSK_PMS__DEMO__LATENCY_MS": "0",
        "KIOSK_TERMINAL__SIMULATED__STEP_DELAY_MS": "0",
    })
    return environ


def kiosk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=120, check=False)


def test_lookup_json_is_integer_cents(env: dict[str, str]) -> None:
    done = kiosk(env, "lookup", "--family", "Nunez", "--birthdate", "1972-07-04", "--json")
    assert done.returncode == 0, done.stderr
    statement = json.loads(done.stdout)
    assert statement["display_name"] == "José N."
    assert isinstance(statement["total_due_cents"], int)
    assert statement["payable_cents"] == statement["total_due_cents"]
    for line in statement["lines"]:
        assert line["patient_responsibility_cents"] == (
            line["charge_cents"] - line["insurance_paid_cents"] - line["adjustment_cents"])
    assert "Núñez" not in done.stdout  # masked name only
    assert "1972" not in done.stdout


def test_lookup_asks_for_the_zip_when_two_match(env: dict[str, str]) -> None:
    done = kiosk(env, "lookup", "--family", "Garcia", "--birthdate", "1985-03-14")
    assert done.returncode == 1 and "--zip" in done.stderr
    done = kiosk(env, "lookup", "--family", "Garcia", "--birthdate", "1985-03-14",
                 "--zip", "60601")
    assert done.returncode == 0 and "Maria G." in done.stdout


@pytest.mark.parametrize("birthdate", ["1972-02-30", "07/04/1972", "2199-01-01", "tomorrow"])
def test_impossible_dates_get_a_clear_message(env: dict[str, str], birthdate: str) -> None:
    done = kiosk(env, "lookup", "--family", "Nunez", "--birthdate", birthdate)
    assert done.returncode == 2
    assert "--birthdate" in done.stderr and "Traceback" not in done.stderr


def test_demo_session_pays_prints_and_posts(env: dict[str, str]) -> None:
    done = kiosk(env, "demo-session", "--json")
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["outcome"] == "approved" and outcome["status"] == "captured"
    assert outcome["posted"] == 1
    assert "PAYMENT RECEIPT" in outcome["receipt"] and "****" in outcome["receipt"]
    # paying again is refused: the balance is now zero
    again = kiosk(env, "demo-session")
    assert again.returncode == 1 and "nothing to pay" in again.stderr


def test_demo_session_decline_and_queue(env: dict[str, str]) -> None:
    done = kiosk(env, "demo-session", "--amount", "1301")
    assert done.returncode == 1 and "DECLINED" in done.stdout
    queue = kiosk(env, "queue", "--json")
    assert queue.returncode == 0
    assert json.loads(queue.stdout)["queued"] == 0


def test_queue_and_sync_with_the_pms_down(env: dict[str, str]) -> None:
    down = dict(env, KIOSK_PMS__DEMO__FAULT="down")
    assert kiosk(env, "demo-session", "--amount", "1000", "--no-sync").returncode == 0
    assert kiosk(down, "sync", "--once").returncode == 1
    queue = json.loads(kiosk(env, "queue", "--json").stdout)
    assert queue["queued"] == 1 and queue["items"][0]["attempts"] == 1
    assert "unreachable" in queue["items"][0]["last_error"]
    synced = kiosk(env, "sync", "--once")
    assert synced.returncode == 0 and "posted 1" in synced.stdout


def test_doctor(env: dict[str, str], tmp_path: Path) -> None:
    done = kiosk(env, "doctor", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert {c["name"] for c in report["checks"]} >= {"config", "database", "pms", "terminal",
                                                     "phone", "printer", "speech"}
    assert report["ok"]
    broken = kiosk(dict(env, KIOSK_PMS__DEMO__FAULT="down"), "doctor")
    assert broken.returncode == 1 and "FAILED pms" in broken.stdout


def test_config_errors_exit_2_and_name_the_key(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('mode = "demo"\n[sync]\ninterval_s = -3\n')
    done = kiosk(env, "queue", "--config", str(bad))
    assert done.returncode == 2
    assert "sync.interval_s" in done.stderr and "Traceback" not in done.stderr
    secret = tmp_path / "secret.toml"
    secret.write_text('mode = "demo"\n[pms.demo]\napi_key = "sk_live_x"\n')
    done = kiosk(env, "sync", "--once", "--config", str(secret))
    assert done.returncode == 2 and "secrets never go in the config file" in done.stderr
    assert not (tmp_path / "data" / "ledger.sqlite3").exists()  # nothing was touched


def test_production_without_audit_key_refuses(env: dict[str, str], tmp_path: Path) -> None:
    env = dict(env, KIOSK_MODE="production")
    env.pop("KIOSK_SECRET_AUDIT_KEY")
    done = kiosk(env, "queue")
    assert done.returncode == 2
    assert "simulator" in done.stderr  # the demo config names simulators


def test_migrate_and_audit_verify_detects_tampering(env: dict[str, str], tmp_path: Path) -> None:
    migrate = kiosk(env, "migrate")
    assert migrate.returncode == 0 and HEAD_REVISION in migrate.stdout
    assert "already" in kiosk(env, "migrate").stdout
    assert kiosk(env, "demo-session").returncode == 0
    verified = kiosk(env, "audit", "verify")
    assert verified.returncode == 0 and "intact" in verified.stdout
    db = sqlite3.connect(tmp_path / "data" / "ledger.sqlite3")
    db.executescript("DROP TRIGGER audit_log_no_delete; "
                     "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log);")
    db.close()
    tampered = kiosk(env, "audit", "verify")
    assert tampered.returncode == 1 and "deleted" in tampered.stderr


def test_python_dash_m_and_console_script_agree(env: dict[str, str]) -> None:
    assert "demo-session" in kiosk(env, "--help").stdout
    script = Path(sys.executable).parent / "kiosk"
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 0 and "demo-session" in done.stdout


def test_a_short_audit_key_is_a_clear_error(env: dict[str, str]) -> None:
    done = kiosk(dict(env, KIOSK_SECRET_AUDIT_KEY="short"), "queue")
    assert done.returncode == 2
    assert "audit_key" in done.stderr and "too short" in done.stderr
    assert "Traceback" not in done.stderr
    doctor = kiosk(dict(env, KIOSK_SECRET_AUDIT_KEY="short"), "doctor")
    assert doctor.returncode == 1 and "FAILED secrets" in doctor.stdout
