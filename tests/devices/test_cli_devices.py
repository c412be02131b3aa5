"""``config/example-zvt.toml`` end to end through the real ``kiosk`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, TEST_AUDIT_KEY
from tests.helpers import card_numbers_in

EXAMPLE = str(REPO / "config" / "example-zvt.toml")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    environ.update({
        "KIOSK_DATA_DIR": str(tmp_path / "data"),
        "KIOSK_SECRET_AUDIT_KEY": TEST_AUDIT_KEY,
        "KIOSK_SITE_CONFIG_DIR": str(tmp_path / "no-site-config"),
        "KIOSK_PMS__DEMO__LATENCY_MS": "0",
        "KIOSK_TERMINAL__ZVT__SIMULATOR__STEP_DELAY_MS": "0",
        "KIOSK_TERMINAL__ZVT__PROGRESS_TIMEOUT_S": "2",
        "KIOSK_TERMINAL__ZVT__SIMULATOR__CUT_MS": "300",
    })
    return environ


def kiosk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args, "--config", EXAMPLE],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120,
                          check=False)


def test_the_zvt_example_pays_prints_posts_and_reprints(env: dict[str, str]) -> None:
    done = kiosk(env, "demo-session", "--json")
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["outcome"] == "approved" and outcome["status"] == "captured"
    assert outcome["posted"] == 1 and "****" in outcome["receipt"]
    again = kiosk(env, "reprint", outcome["payment_id"])
    assert again.returncode == 0 and "printed again" in again.stdout
    assert card_numbers_in((done.stdout + done.stderr).encode()) == []


def test_the_zvt_example_settles_a_line_cut_by_asking(env: dict[str, str]) -> None:
    done = kiosk(env, "demo-session", "--amount", "1304", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "captured"


def test_doctor_and_device_tests(env: dict[str, str]) -> None:
    doctor = kiosk(env, "doctor", "--json")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert checks["terminal"]["ok"] and "ready" in checks["terminal"]["detail"]
    assert checks["printer"]["ok"] and checks["scanner"]["ok"]
    for device in ("terminal", "printer", "scan"):
        tested = kiosk(env, "devices", device, "--json", "--timeout", "5")
        assert tested.returncode == 0, tested.stdout + tested.stderr
        assert json.loads(tested.stdout)["ok"]
    broken = dict(env, KIOSK_PRINTER__ESCPOS__SIMULATOR__FAULT="out_of_paper")
    out = kiosk(broken, "devices", "printer")
    assert out.returncode == 1 and "out of paper" in out.stdout
