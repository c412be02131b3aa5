"""Disk full and I/O errors, injected into an unmodified kiosk process with fiu-run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from devices.simulated_terminal import TerminalState
from kiosk.app import build_app
from kiosk.domain.payment import PaymentStatus
from kiosk.ledger.models import PaymentRow
from tests.conftest import REPO, make_config, secrets
from tests.crash.remote_terminal import RemoteTerminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("fiu-run") is None,
                       reason="fiu-utils is not installed (scripts/test installs it)"),
]

FAULTS = [
    "enable_random name=posix/io/rw/pwrite,probability=0.015,failinfo=28",  # ENOSPC
    "enable_random name=posix/io/sync/fsync,probability=0.015,failinfo=5",  # EIO
    "enable_random name=posix/io/sync/fdatasync,probability=0.015,failinfo=5",
]


def test_io_errors_lose_no_acknowledged_payment(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "data"
    socket_path = str(tmp_path / "terminal.sock")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.crash.remote_terminal", socket_path,
         str(tmp_path / "terminal-state.sqlite3")],
        stdout=subprocess.PIPE, text=True, cwd=REPO, env=env)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "LISTENING"
        build_app(make_config(data_dir), secrets=secrets(),
                  terminal=RemoteTerminal(socket_path)).close()  # create the files first
        driver = subprocess.Popen(
            ["fiu-run", "-x", sys.executable, "-m", "tests.crash.fiu_driver", str(data_dir),
             socket_path, "150"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            cwd=REPO, env=env)
        assert driver.stdout is not None and driver.stdin is not None
        assert driver.stdout.readline().strip() == "READY"
        control = ["fiu-ctrl"] + [arg for fault in FAULTS for arg in ("-c", fault)]
        subprocess.run([*control, str(driver.pid)], check=True, timeout=30)
        driver.stdin.write("go\n")
        driver.stdin.flush()
        out, err = driver.communicate(timeout=600)
        lines = out.splitlines()
        assert lines[-1] == "DONE", err[-2000:]
        acked = [line.split()[1] for line in lines if line.startswith("ACK ")]
        errors = [line for line in lines if line.startswith("ERR ")]
        # Restart without faults, reconcile, and look.
        app = build_app(make_config(data_dir), secrets=secrets(),
                        terminal=RemoteTerminal(socket_path))
        try:
            app.reconcile()
            with app.ledger.read() as session:
                status = {r.id: r.status for r in session.scalars(select(PaymentRow))}
        finally:
            app.close()
        approved = {PaymentStatus.APPROVED.value, PaymentStatus.CAPTURED.value}
        lost = [pid for pid in acked if status.get(pid) not in approved]
        assert lost == [], f"acknowledged payments lost: {lost}"
        charges = TerminalState(tmp_path / "terminal-state.sqlite3").charge_counts()
        assert all(n == 1 for n in charges.values()), charges
        assert {pid for pid, s in status.items() if s in approved} == set(charges)
        assert errors, "no fault was injected: the test proved nothing"
        with capsys.disabled():
            print(f"\nI/O faults: {len(acked)} acknowledged, {len(errors)} refused by a failing "
                  f"disk, {len(status)} payments in the ledger, none lost")
    finally:
        server.kill()
        server.wait()
