"""Real servers on loopback for the notifiers: SMTP (aiosmtpd) and a stand-in for Twilio.

Both record what they accepted in a SQLite file of their own, so a test can
count deliveries even when the kiosk process that sent them was killed, and
even when the servers run in another process (``python -m tests.notify.peers
DIR``, used by the crash test so that the test process itself has no threads
when it forks).

The SMTP server demands STARTTLS (a throwaway self-signed certificate) and
AUTH before it takes mail, like a submission relay. The Twilio stand-in
checks each request the way Twilio documents it (path, HTTP basic auth,
form-encoded ``To``/``From``/``Body``) and answers in Twilio's shapes.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import secrets
import signal
import socket
import sqlite3
import ssl
import sys
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SMTP_USER = "kiosk@clinic.test"
SMTP_PASSWORD = "smtp-test-password"
TWILIO_SID = "AC" + "0123456789abcdef" * 2
TWILIO_TOKEN = "twilio-test-token"
TWILIO_FROM = "+13125550100"
#: Numbers Twilio refuses for good in the stand-in (as an unsubscribed recipient).
UNSUBSCRIBED = "+13125559999"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS mail (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL, mail_from TEXT NOT NULL,
  rcpt TEXT NOT NULL, raw BLOB NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sms (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, sid TEXT NOT NULL, to_number TEXT NOT NULL,
  from_number TEXT NOT NULL, body TEXT NOT NULL, created TEXT NOT NULL, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS http (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL, path TEXT NOT NULL,
  auth_ok INTEGER NOT NULL, content_type TEXT NOT NULL, form TEXT NOT NULL, status INTEGER);
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Record:
    """The servers' own memory: one SQLite file, safe across threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._db() as db:
            db.executescript(_SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        return db

    def add_mail(self, message_id: str, mail_from: str, rcpt: str, raw: bytes) -> None:
        with self._db() as db:
            db.execute("INSERT INTO mail (message_id, mail_from, rcpt, raw, at) VALUES "
                       "(?, ?, ?, ?, ?)", (message_id, mail_from, rcpt, raw, time.time()))

    def add_sms(self, sid: str, to: str, sender: str, body: str, created: str) -> None:
        with self._db() as db:
            db.execute("INSERT INTO sms (sid, to_number, from_number, body, created, at) VALUES "
                       "(?, ?, ?, ?, ?, ?)", (sid, to, sender, body, created, time.time()))

    def add_http(self, method: str, path: str, auth_ok: bool, content_type: str,
                 form: dict[str, str], status: int) -> None:
        with self._db() as db:
            db.execute("INSERT INTO http (method, path, auth_ok, content_type, form, status) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (method, path, int(auth_ok), content_type, json.dumps(form), status))

    # -- reading back -------------------------------------------------------
    def mails(self) -> list[EmailMessage]:
        with self._db() as db:
            rows = db.execute("SELECT raw FROM mail ORDER BY seq").fetchall()
        return [message_from_bytes(raw, policy=policy.default) for (raw,) in rows]

    def mail_envelopes(self) -> list[tuple[str, str, str]]:
        with self._db() as db:
            return [(m, f, r) for m, f, r in db.execute(
                "SELECT message_id, mail_from, rcpt FROM mail ORDER BY seq")]

    def mail_counts(self) -> dict[str, int]:
        """Deliveries per Message-ID."""
        with self._db() as db:
            return {m: int(n) for m, n in db.execute(
                "SELECT message_id, COUNT(*) FROM mail GROUP BY message_id")}

    def sms_messages(self) -> list[dict[str, str]]:
        with self._db() as db:
            return [{"sid": s, "to": t, "from": f, "body": b, "date_created": c}
                    for s, t, f, b, c in db.execute(
                        "SELECT sid, to_number, from_number, body, created FROM sms "
                        "ORDER BY seq")]

    def sms_counts(self) -> dict[tuple[str, str], int]:
        """Messages created per (number, body)."""
        with self._db() as db:
            return {(t, b): int(n) for t, b, n in db.execute(
                "SELECT to_number, body, COUNT(*) FROM sms GROUP BY to_number, body")}

    def http_requests(self) -> list[dict[str, Any]]:
        with self._db() as db:
            return [{"method": m, "path": p, "auth_ok": bool(a), "content_type": c,
                     "form": json.loads(f), "status": s}
                    for m, p, a, c, f, s in db.execute(
                        "SELECT method, path, auth_ok, content_type, form, status FROM http "
                        "ORDER BY seq")]


# -- SMTP ------------------------------------------------------------------------------------

class _MailHandler:
    def __init__(self, peer: SmtpPeer) -> None:
        self.peer = peer

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          rcpt_options: list[str]) -> str:
        if address.startswith("bounce"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        import asyncio

        if self.peer.mode == "tempfail":
            return "451 4.3.0 Try again later"
        if self.peer.mode == "reject":
            return "554 5.7.1 Message refused"
        raw: bytes = envelope.original_content or envelope.content
        parsed = message_from_bytes(raw, policy=policy.default)
        for rcpt in envelope.rcpt_tos:
            self.peer.record.add_mail(str(parsed.get("Message-ID", "")), envelope.mail_from,
                                      rcpt, raw)
        if self.peer.mode == "slow_ack":  # accepted, but the answer comes too late
            await asyncio.sleep(self.peer.slow_ack_s)
        return "250 2.0.0 Queued"


class SmtpPeer:
    """A submission relay on 127.0.0.1: STARTTLS required, then AUTH, then mail."""

    def __init__(self, record: Record, cert: Path, key: Path, port: int | None = None) -> None:
        self.record = record
        self.cert, self.key = cert, key
        self.port = port or free_port()
        self.mode = "ok"  # ok | tempfail | reject | slow_ack
        self.slow_ack_s = 3.0
        self.logins: list[tuple[str, bool]] = []
        self._controller: Any = None

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == SMTP_USER
              and auth_data.password.decode() == SMTP_PASSWORD)
        self.logins.append((mechanism, ok))
        return AuthResult(success=ok, handled=False)

    def start(self) -> SmtpPeer:
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's deprecation chatter

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        self._controller = Controller(
            _MailHandler(self), hostname="127.0.0.1", port=self.port, tls_context=context,
            require_starttls=True, authenticator=self._authenticate, auth_required=True,
            auth_require_tls=True, ready_timeout=10)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


# -- Twilio stand-in -------------------------------------------------------------------------

_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def _twilio_error(code: int, message: str, status: int) -> dict[str, Any]:
    return {"code": code, "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status}


class _TwilioHandler(BaseHTTPRequestHandler):
    server: _TwilioServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet in test output
        return

    def _auth_ok(self) -> bool:
        header = self.headers.get("Authorization", "")
        expected = base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()
        return header == f"Basic {expected}"

    def _answer(self, status: int, body: dict[str, Any], form: dict[str, str],
                record: bool = True) -> None:
        if record:
            self.server.record.add_http(self.command, self.path, self._auth_ok(),
                                        self.headers.get("Content-Type", ""), form, status)
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="Twilio API"')
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        query = {k: v[0] for k, v in urllib.parse.parse_qs(parts.query).items()}
        if self.server.peer.mode == "error503":
            self._answer(503, _twilio_error(20503, "Service Unavailable", 503), query)
            return
        if not self._auth_ok():
            self._answer(401, _twilio_error(20003, "Authenticate", 401), query)
            return
        base = f"/2010-04-01/Accounts/{TWILIO_SID}"
        if parts.path == base + ".json":
            self._answer(200, {"sid": TWILIO_SID, "friendly_name": "Test clinic",
                               "status": "active", "type": "Full"}, query)
            return
        if parts.path == base + "/Messages.json":
            found = [m for m in reversed(self.server.record.sms_messages())
                     if m["to"] == query.get("To", m["to"])
                     and m["from"] == query.get("From", m["from"])]
            size = int(query.get("PageSize", "50"))
            self._answer(200, {
                "messages": [self.server.peer.message_json(m) for m in found[:size]],
                "end": min(size, len(found)) - 1, "first_page_uri": self.path,
                "next_page_uri": None, "page": 0, "page_size": size,
                "previous_page_uri": None, "start": 0, "uri": self.path}, query)
            return
        self._answer(404, _twilio_error(20404, "The requested resource was not found", 404),
                     query)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length).decode()
        form = {k: v[0] for k, v in urllib.parse.parse_qs(raw, keep_blank_values=True).items()}
        peer = self.server.peer
        if peer.mode == "error503":
            self._answer(503, _twilio_error(20503, "Service Unavailable", 503), form)
            return
        if not self._auth_ok():
            self._answer(401, _twilio_error(20003, "Authenticate", 401), form)
            return
        if self.path != f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json":
            self._answer(404, _twilio_error(20404, "The requested resource was not found",
                                            404), form)
            return
        if self.headers.get("Content-Type") != "application/x-www-form-urlencoded":
            self._answer(400, _twilio_error(20001, "Unsupported content type", 400), form)
            return
        to, sender, body = form.get("To", ""), form.get("From", ""), form.get("Body", "")
        if not _E164.match(to):
            self._answer(400, _twilio_error(
                21211, f"Invalid 'To' Phone Number: {to}", 400), form)
            return
        if sender != TWILIO_FROM:
            self._answer(400, _twilio_error(21212, f"Invalid From Number: {sender}", 400),
                         form)
            return
        if not body or len(body) > 1600:
            self._answer(400, _twilio_error(21617, "Message body is invalid", 400), form)
            return
        if to == UNSUBSCRIBED:
            self._answer(400, _twilio_error(
                21610, f"Attempt to send to unsubscribed recipient {to}", 400), form)
            return
        sid = "SM" + secrets.token_hex(16)
        created = format_datetime(datetime.now(UTC), usegmt=False)
        peer.record.add_sms(sid, to, sender, body, created)
        if peer.mode == "slow":
            time.sleep(peer.slow_s)
        self._answer(201, peer.message_json({"sid": sid, "to": to, "from": sender,
                                             "body": body, "date_created": created}), form)


class _TwilioServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, peer: TwilioPeer) -> None:
        self.peer = peer
        self.record = peer.record
        super().__init__(("127.0.0.1", peer.port), _TwilioHandler)


class TwilioPeer:
    """Twilio's Messages and Accounts resources, as far as the kiosk uses them."""

    def __init__(self, record: Record, port: int | None = None) -> None:
        self.record = record
        self.port = port or free_port()
        self.mode = "ok"  # ok | error503 | slow
        self.slow_s = 3.0
        self._server: _TwilioServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def message_json(self, item: dict[str, str]) -> dict[str, Any]:
        uri = f"/2010-04-01/Accounts/{TWILIO_SID}/Messages/{item['sid']}.json"
        return {
            "account_sid": TWILIO_SID, "api_version": "2010-04-01", "body": item["body"],
            "date_created": item["date_created"], "date_sent": None,
            "date_updated": item["date_created"], "direction": "outbound-api",
            "error_code": None, "error_message": None, "from": item["from"],
            "messaging_service_sid": None, "num_media": "0", "num_segments": "1",
            "price": None, "price_unit": "USD", "sid": item["sid"], "status": "queued",
            "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
            "to": item["to"], "uri": uri,
        }

    def start(self) -> TwilioPeer:
        self._server = _TwilioServer(self)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="twilio-peer")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


# -- both, in a process of their own (the crash test) -----------------------------------------

def main(folder: str, smtp_port: int, twilio_port: int) -> None:
    """Serve until SIGTERM; ``DIR/ready`` appears once both listen."""
    root = Path(folder)
    record = Record(root / "peers.sqlite3")
    smtp = SmtpPeer(record, root / "cert.pem", root / "key.pem", smtp_port).start()
    twilio = TwilioPeer(record, twilio_port).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    (root / "ready").write_text(str(os.getpid()))
    stop.wait()
    twilio.stop()
    smtp.stop()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
