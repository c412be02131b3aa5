"""Crash reports: written for uncaught exceptions, free of patient details; the kiosk recovers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, TEST_AUDIT_KEY
from tests.deploy.phi import leaks, leaks_in_files

_CHILD = """
import sys, threading, time
from pathlib import Path
from kiosk.crash import CrashReporter, install
from tests.deploy.phi import SENTENCE

reporter = CrashReporter(Path(sys.argv[1]), mode="production", terminal_id="kiosk-7")
install(reporter)

def lookup(name):
    raise KeyError(f"no statement for {name}") from ValueError(SENTENCE)

worker = threading.Thread(target=lookup, args=(SENTENCE,), name="kiosk-session")
worker.start()
worker.join()
print("still alive after the thread died", flush=True)
try:
    open(Path(sys.argv[1]) / "missing" / SENTENCE)
except OSError as exc:
    error = exc
lookup(SENTENCE)
"""


def test_uncaught_exceptions_leave_reports_without_patient_details(tmp_path: Path) -> None:
    crash_dir = tmp_path / "crash"
    done = subprocess.run([sys.executable, "-c", _CHILD, str(crash_dir)], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1  # the main thread's exception still ends the process
    assert "still alive after the thread died" in done.stdout
    assert "crash report:" in done.stderr and "KeyError" in done.stderr
    assert leaks(done.stdout + done.stderr) == [], done.stderr
    reports = sorted(crash_dir.glob("crash-*.json"))
    assert len(reports) == 2
    bodies = [json.loads(p.read_text()) for p in reports]
    assert {b["where"] for b in bodies} == {"main", "thread:kiosk-session"}
    for body in bodies:
        assert body["config"] == {"mode": "production", "terminal_id": "kiosk-7", "channel": ""}
        assert [e["type"] for e in body["exception"]] == ["KeyError", "ValueError"]
        assert body["exception"][0]["frames"][-1]["function"] == "lookup"
        assert body["versions"]["python"] and "clinicpay-kiosk" in body["versions"]
    assert leaks_in_files(crash_dir) == {}


def test_reports_are_pruned_to_the_newest(tmp_path: Path) -> None:
    from kiosk.crash import CrashReporter

    reporter = CrashReporter(tmp_path, keep=3)
    for _ in range(5):
        reporter.report("main", RuntimeError("x"))
    assert len(list(tmp_path.glob("crash-*.json"))) == 3


def test_qt_messages_keep_only_qts_own_words() -> None:
    from kiosk.crash import qt_message_details

    ours = qt_message_details("QtFatalMsg", "Could not load the Qt platform plugin \"xcb\"",
                              None, 0, None, "default")
    assert ours["message"].startswith("Could not load")
    theirs = qt_message_details("QtWarningMsg", "QString::arg: José Núñez 4111111111111111",
                                "/x/y.cpp", 3, "f", "default")
    assert leaks(json.dumps(theirs)) == [] and theirs["message"].startswith("withheld")
    assert qt_message_details("QtWarningMsg", "Couldn't load va library", None, 0, None,
                              "qt.multimedia.symbolsresolver")["message"] == \
        "Couldn't load va library"


def test_the_kiosk_returns_to_the_attract_screen_after_a_crash(tmp_path: Path) -> None:
    """An exception in a Qt slot mid-session: report written, session wiped, attract shown."""
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(data),
               KIOSK_SECRET_AUDIT_KEY=TEST_AUDIT_KEY, KIOSK_SPEECH__KIND="none",
               KIOSK_PMS__DEMO__LATENCY_MS="0", KIOSK_SITE_CONFIG_DIR=str(tmp_path / "none"))
    done = subprocess.run([sys.executable, "-m", "tests.deploy.gui_crash_child",
                           str(REPO / "config" / "demo.toml")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"before": "name", "typed": "NUNEZ", "after": "attract", "typed_after": ""}
    reports = list((data / "logs" / "crash").glob("crash-*.json"))
    assert len(reports) == 1
    body = json.loads(reports[0].read_text())
    assert body["where"] == "main" and body["exception"][0]["type"] == "ValueError"
    assert body["exception"][0]["frames"][-1]["function"] == "planted_bug"
    assert body["config"]["mode"] == "demo"
    assert ", kiosk, demo mode, " in (data / "logs" / "kiosk-run.log").read_text()
    assert leaks_in_files(data / "logs") == {}
    assert leaks(done.stderr) == [], done.stderr


def test_the_counter_reports_a_crash_and_locks(tmp_path: Path) -> None:
    """The counter too: report written, its own log file, the patient hidden behind the lock."""
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(data),
               KIOSK_SECRET_AUDIT_KEY=TEST_AUDIT_KEY, KIOSK_PMS__DEMO__LATENCY_MS="0",
               KIOSK_SITE_CONFIG_DIR=str(tmp_path / "none"))
    done = subprocess.run([sys.executable, "-m", "tests.deploy.counter_crash_child",
                           str(REPO / "config" / "demo.toml")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"before": "search", "after": "locked"}
    reports = list((data / "logs" / "crash").glob("crash-*.json"))
    assert len(reports) == 1
    body = json.loads(reports[0].read_text())
    assert body["exception"][0]["frames"][-1]["function"] == "planted_bug"
    counter_log = (data / "logs" / "kiosk-counter.log").read_text()
    assert "started: clinicpay-kiosk " in counter_log and ", counter, demo mode," in counter_log
    assert leaks_in_files(data / "logs") == {}
    assert leaks(done.stderr) == [], done.stderr


def test_a_crash_loop_ends_the_process_for_a_fresh_start(tmp_path: Path) -> None:
    """A slot that raises on every timer tick: after a burst, exit 70 (systemd restarts)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiosk.crash import CrashReporter, install\n"
        "install(CrashReporter(Path(sys.argv[1])), on_crash=lambda: print('reset', flush=True))\n"
        "for tick in range(20):\n"
        "    try:\n"
        "        raise RuntimeError('tick')\n"
        "    except RuntimeError:\n"
        "        sys.excepthook(*sys.exc_info())\n"
        "print('survived', flush=True)\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 70, done.stderr
    assert done.stdout.count("reset") == 10 and "survived" not in done.stdout
    assert "11 crashes within a minute" in done.stderr
