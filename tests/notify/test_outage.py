"""Both servers down for a while: the patient never waits, and each notice goes out once."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from kiosk.domain.notice import NoticeStatus
from tests.notify.conftest import paid
from tests.notify.peers import Record, SmtpPeer, TwilioPeer


def test_notices_wait_out_an_outage_and_go_out_once(notify_app: Any, record: Record,
                                                    smtp_peer: SmtpPeer,
                                                    twilio_peer: TwilioPeer,
                                                    tls_files: tuple[Path, Path]) -> None:
    app = notify_app()
    payments = [paid(app, key, cents) for key in ("accents", "hyphen", "two_part")
                for cents in (500, 600, 700, 800, 900)]
    smtp_peer.stop()
    twilio_peer.stop()
    queued, slowest = [], 0.0
    for n, payment_id in enumerate(payments):
        for channel, address in (("email", f"p{n}@example.org"), ("sms", f"+1773202{n:04d}")):
            started = time.perf_counter()
            queued.append(app.notices.queue_receipt(payment_id, channel, address).id)
            slowest = max(slowest, time.perf_counter() - started)
    assert slowest < 1.0  # a local commit, whatever the servers do
    for _ in range(3):
        report = app.notice_worker.drain_once()
        # a server that is down is tried once per channel and pass, not once per notice
        assert (report.sent, report.retrying) == (0, 2)
        time.sleep(0.01)
    assert {v.status for v in app.notices.waiting()} == {NoticeStatus.QUEUED}
    assert "connection refused" in app.notices.waiting()[0].last_error
    smtp = SmtpPeer(record, *tls_files, port=smtp_peer.port).start()
    twilio = TwilioPeer(record, port=twilio_peer.port).start()
    try:
        for _ in range(20):
            app.notice_worker.drain_once()
            if app.notices.counts()["queued"] == 0:
                break
            time.sleep(0.01)
        assert app.notices.counts()["sent"] == len(queued) == 30
        assert sorted(record.mail_counts().values()) == [1] * 15
        assert sorted(record.sms_counts().values()) == [1] * 15
    finally:
        smtp.stop()
        twilio.stop()
