"""Logs: redaction by allow-list (ours and third-party loggers), rotation by size."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from kiosk.config.schema import LogsConfig
from kiosk.logs.redact import RedactingFormatter, render_message, safe
from tests.conftest import REPO
from tests.deploy.phi import NAME, PAN, SENTENCE, leaks, leaks_in_files


class _Quiet(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture
def http_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_phi_and_card_numbers_never_reach_the_logs(tmp_path: Path, http_port: int) -> None:
    done = subprocess.run([sys.executable, "-m", "tests.deploy.log_child", str(tmp_path),
                           str(http_port)], cwd=REPO, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    log_file = tmp_path / "logs" / "kiosk-test.log"
    text = log_file.read_text(encoding="utf-8")
    # everything was logged: the lines are there, only their data is not
    for expected in ("patient look-up: ‹str›", "patient look-up failed: ValueError",
                     "amount 2500 cents for ‹str›, card ‹int›", "mapping ‹str› ‹str›",
                     "statement could not be shown", "KeyError", 'in main',
                     "ledger write failed: OperationalError", "sqlalchemy.engine",
                     "urllib3.connectionpool", "somelib.client", "message withheld",
                     "UserWarning at", "frame ‹bytes›"):
        assert expected in text, (expected, text)
    assert leaks_in_files(tmp_path / "logs") == {}
    assert leaks(done.stderr) == [], done.stderr


def test_allow_list_keeps_what_is_safe() -> None:
    import uuid

    from kiosk.domain.payment import PaymentStatus

    ident = uuid.uuid4()
    rendered = render_message(
        "%s %s %d %.1f %s %s %s %r %s %s %s%%",
        (PaymentStatus.APPROVED, str(ident), 42, 1.25, "/dev/ttyUSB0", "zvt",
         safe("printer out of paper"), True, ConnectionRefusedError(111, NAME), Path("/var/x"),
         None))
    assert rendered == (f"approved {ident} 42 1.2 /dev/ttyUSB0 zvt printer out of paper True "
                        "ConnectionRefusedError[ECONNREFUSED] /var/x None%")


@pytest.mark.parametrize("value", [NAME, PAN, int(PAN), SENTENCE.encode(), [NAME], {"n": NAME},
                                   "Garcia", "60601", 19850314, ValueError(SENTENCE)])
def test_anything_not_on_the_list_is_masked(value: Any) -> None:
    assert leaks(render_message("value %s and %r", (value, value))) == []
    assert "Garcia" not in render_message("%s", ("Garcia",))
    assert "19850314" not in render_message("%d", (19850314,))


def test_a_traceback_keeps_frames_and_drops_messages() -> None:
    record = logging.LogRecord("kiosk.x", logging.ERROR, __file__, 1, "failed", None, None)
    try:
        raise RuntimeError(SENTENCE)
    except RuntimeError:
        record.exc_info = sys.exc_info()
    record.exc_text = f"Traceback: RuntimeError: {SENTENCE}"  # another handler's full text
    text = RedactingFormatter().format(record)
    assert "RuntimeError" in text and "test_a_traceback_keeps_frames" in text
    assert leaks(text) == []


def test_logs_rotate_by_size(tmp_path: Path) -> None:
    from kiosk.logs import close_log_file, open_log_file

    root = logging.getLogger()
    saved = (root.level, list(root.handlers), logging.getLogger("kiosk").level)
    try:
        path = open_log_file(tmp_path, LogsConfig(max_size_mb=1, keep=2), "kiosk-rotate")
        log = logging.getLogger("kiosk.rotation")
        for index in range(40_000):  # about 3.5 MB of lines
            log.warning("line %d of the rotation test with some padding to make it longer", index)
        close_log_file()
        files = sorted(p.name for p in path.parent.iterdir())
        assert files == ["kiosk-rotate.log", "kiosk-rotate.log.1", "kiosk-rotate.log.2"]
        assert all(p.stat().st_size <= 1024 * 1024 for p in path.parent.iterdir())
        assert "line 39999 of" in path.read_text()
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        logging.getLogger("kiosk").setLevel(saved[2])


def test_our_code_logs_templates_not_formatted_strings() -> None:
    """The allow-list trusts our templates; ruff's G rules keep them literal."""
    done = subprocess.run([str(Path(sys.executable).parent / "ruff"), "check", "--select", "G",
                           "--no-cache", "kiosk", "devices", "ui"], cwd=REPO,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
