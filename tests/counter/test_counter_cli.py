"""The issue-8 commands, run for real as subprocesses: users, report, import-payments."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO
from tests.counter.test_import import GOOD, write
from tests.test_cli import env  # noqa: F401


def kiosk(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:  # noqa: F811
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=120, check=False, input=stdin)


def test_users_add_list_disable(env: dict[str, str]) -> None:  # noqa: F811
    added = kiosk(env, "users", "add", "rita", "--role", "receptionist", "--name", "Rita R.",
                  stdin="correct horse battery\n")
    assert added.returncode == 0, added.stderr
    assert "correct horse" not in added.stdout + added.stderr
    weak = kiosk(env, "users", "add", "bob", "--role", "admin", stdin="short\n")
    assert weak.returncode == 2 and "at least 10 characters" in weak.stderr
    assert kiosk(env, "users", "disable", "rita").returncode == 0
    listed = json.loads(kiosk(env, "users", "list", "--json").stdout)
    assert listed == [{"username": "rita", "display_name": "Rita R.", "role": "receptionist",
                       "active": False, "locked_until": None, "last_sign_in_at": None}]
    assert kiosk(env, "users", "disable", "nobody").returncode == 1
    assert kiosk(env, "audit", "verify").returncode == 0


def test_import_then_report_in_every_format(env: dict[str, str],  # noqa: F811
                                            tmp_path: Path) -> None:
    source = write(tmp_path / "old.csv", GOOD)
    dry = kiosk(env, "import-payments", str(source), "--dry-run")
    assert dry.returncode == 0 and "would import 4 payments" in dry.stdout, dry.stderr
    done = kiosk(env, "import-payments", str(source), "--json")
    assert json.loads(done.stdout)["imported"] == 4
    again = kiosk(env, "import-payments", str(source))
    assert "4 were imported before" in again.stdout
    report = json.loads(kiosk(env, "report", "--date", "2025-06-02").stdout)
    assert report["total"]["count"] == 4
    assert report["total"]["net_cents"] == 12_500 + 4_000 + 6_050 + 1_500 - 1_050 - 1_500
    assert {m["code"] for m in report["mismatches"]} >= {"pms_waiting", "no_batch"}
    text = kiosk(env, "report", "--date", "2025-06-02", "--format", "csv").stdout
    assert text.startswith("section,day") and "mismatch,warning,pms_waiting" in text
    pdf = tmp_path / "close.pdf"
    made = kiosk(env, "report", "--date", "2025-06-02", "--format", "pdf", "--output",
                 str(pdf))
    assert made.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    bad = kiosk(env, "report", "--date", "June 2")
    assert bad.returncode == 2


def test_a_bad_import_file_changes_nothing(env: dict[str, str],  # noqa: F811
                                           tmp_path: Path) -> None:
    source = write(tmp_path / "bad.csv", [*GOOD, ["X", "nope", "P", "Al B.", "1", "cash", "",
                                                  "", "", "", "", "", "", "", ""]])
    done = kiosk(env, "import-payments", str(source))
    assert done.returncode == 1 and "nothing imported" in done.stderr
    assert "line 6, occurred_at" in done.stderr
    report = json.loads(kiosk(env, "report", "--date", "2025-06-02").stdout)
    assert report["total"]["count"] == 0
