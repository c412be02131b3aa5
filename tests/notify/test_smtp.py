"""Email receipts through a real SMTP server on loopback (aiosmtpd: STARTTLS, then AUTH)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

import png
import pytest

from kiosk.domain.notice import NoticeStatus
from kiosk.ledger.models import NoticeRow
from kiosk.notify.wording import paid_with
from kiosk.pms.demo.generator import SERVICES
from kiosk.qr import qr_png
from tests.notify.conftest import notify_secrets, paid
from tests.notify.peers import SMTP_USER, Record, SmtpPeer


def _parts(message: EmailMessage) -> dict[str, Any]:
    return {part.get_content_type(): part for part in message.walk()}


def test_receipt_email_arrives_with_text_html_and_qr(notify_app: Any, record: Record,
                                                     smtp_peer: SmtpPeer) -> None:
    app = notify_app()
    payment_id = paid(app)
    view = app.payments.view(payment_id)
    queued = app.notices.queue_receipt(payment_id, "email", "Patient.One@Example.org")
    assert queued.status is NoticeStatus.QUEUED and queued.masked_to == "P***@e***.org"
    report = app.notice_worker.drain_once()
    assert report.sent == 1 and not report.failed

    assert smtp_peer.logins == [("PLAIN", True)] or smtp_peer.logins == [("LOGIN", True)]
    (message_id, mail_from, rcpt), = record.mail_envelopes()
    assert (mail_from, rcpt) == ("receipts@clinic.test", "Patient.One@example.org")
    assert message_id == f"<{queued.id}@clinic.test>"
    message, = record.mails()
    assert message["Subject"] == "Your payment receipt from Riverside Family Clinic"
    assert message["From"].addresses[0].display_name == "Riverside Family Clinic"
    assert message["To"] == "Patient.One@example.org"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    parts = _parts(message)
    assert set(parts) == {"multipart/alternative", "text/plain", "multipart/related",
                          "text/html", "image/png"}
    text, page = parts["text/plain"].get_content(), parts["text/html"].get_content()
    method = paid_with(view.method, view.card.brand, view.card.last4, "en")
    assert view.card.last4 and method.endswith(f"ending in {view.card.last4}")
    for wanted in ("Riverside Family Clinic", "$25.00", method, payment_id,
                   "https://portal.example.org/pay"):
        assert wanted in text, wanted
        assert wanted in page, wanted
    # the date in the clinic's time zone
    assert "CST" in text or "CDT" in text
    # the QR code travels inline and encodes the link
    image = parts["image/png"]
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in page
    data = image.get_content()
    width, height, _rows, _info = png.Reader(bytes=data).read()
    assert width == height > 100
    assert data == qr_png("https://portal.example.org/pay", scale=6)
    # no diagnosis, no service, no name: only what a receipt may say
    raw = b"".join(m.as_bytes() for m in record.mails()).decode("utf-8", "replace")
    for service, _low, _high in SERVICES:
        assert service not in text and service not in page
    for private in ("Núñez", "Nunez", "José", "1972-07-04"):
        assert private not in text and private not in page and private not in raw
    # sent: recorded with the server's id, and the address is gone from the ledger
    with app.ledger.read() as session:
        row = session.get(NoticeRow, queued.id)
        assert row is not None
        assert (row.status, row.sealed, row.provider_ref) == ("sent", None, message_id)


def test_spanish_receipt(notify_app: Any, record: Record, smtp_peer: SmtpPeer) -> None:
    app = notify_app()
    payment_id = paid(app)
    app.notices.queue_receipt(payment_id, "email", "ana@example.org", language="es-MX")
    app.notice_worker.drain_once()
    message, = record.mails()
    assert message["Subject"] == "Su recibo de pago de Riverside Family Clinic"
    assert "Importe pagado" in _parts(message)["text/plain"].get_content()


def test_wrong_password_keeps_it_queued_and_says_why(notify_app: Any, record: Record,
                                                     smtp_peer: SmtpPeer) -> None:
    app = notify_app(secrets=notify_secrets(KIOSK_SECRET_SMTP_PASSWORD="wrong"))
    notice = app.notices.queue_receipt(paid(app), "email", "a@example.org")
    report = app.notice_worker.drain_once()
    assert report.retrying == 1 and report.sent == 0
    view = app.notices.view(notice.id)
    assert view.status is NoticeStatus.QUEUED
    assert "login refused" in view.last_error and "smtp_password" in view.last_error
    assert record.mails() == []
    health = app.notice_worker.notifiers["email"].probe()
    assert not health.ok and "login refused" in health.detail


def test_an_untrusted_certificate_is_refused(notify_app: Any, smtp_peer: SmtpPeer,
                                             tmp_path: Path) -> None:
    other_ca = tmp_path / "other-ca.pem"
    from tests.notify.certs import make_self_signed

    cert, _key = make_self_signed(tmp_path / "other")
    other_ca.write_bytes(cert.read_bytes())
    app = notify_app(email={"kind": "smtp", "smtp": {
        "host": "127.0.0.1", "port": smtp_peer.port, "username": SMTP_USER,
        "from_address": "receipts@clinic.test", "ca_file": str(other_ca), "timeout_s": 5}})
    health = app.notice_worker.notifiers["email"].probe()
    assert not health.ok and "certificate not trusted" in health.detail


def test_a_refused_recipient_is_set_aside_for_staff(notify_app: Any, record: Record) -> None:
    app = notify_app()
    notice = app.notices.queue_receipt(paid(app), "email", "bounce@example.org")
    report = app.notice_worker.drain_once()
    assert report.set_aside == 1
    view = app.notices.view(notice.id)
    assert view.status is NoticeStatus.ATTENTION and "refused (550)" in view.last_error
    assert view.masked_to == "b***@e***.org"  # kept for staff to retry or cancel
    assert app.notices.cancel(notice.id, actor="staff:test")
    assert app.notices.view(notice.id).masked_to == ""
    assert record.mails() == []


def test_a_temporary_refusal_is_retried_and_delivered_once(notify_app: Any, record: Record,
                                                           smtp_peer: SmtpPeer) -> None:
    app = notify_app()
    notice = app.notices.queue_receipt(paid(app), "email", "a@example.org")
    smtp_peer.mode = "tempfail"
    assert app.notice_worker.drain_once().retrying == 1
    assert "temporary refusal (451)" in app.notices.view(notice.id).last_error
    smtp_peer.mode = "ok"
    import time

    time.sleep(0.02)  # past the (test-sized) backoff
    assert app.notice_worker.drain_once().sent == 1
    assert record.mail_counts() == {f"<{notice.id}@clinic.test>": 1}


@pytest.mark.slow
def test_an_answer_lost_after_acceptance_is_the_documented_window(notify_app: Any,
                                                                  record: Record,
                                                                  smtp_peer: SmtpPeer) -> None:
    """The relay took the message but its 250 came after our timeout: one resend, same ID."""
    app = notify_app(email={"kind": "smtp", "smtp": {
        "host": "127.0.0.1", "port": smtp_peer.port, "username": SMTP_USER,
        "from_address": "receipts@clinic.test", "ca_file": str(smtp_peer.cert),
        "timeout_s": 1}})
    notice = app.notices.queue_receipt(paid(app), "email", "a@example.org")
    smtp_peer.mode, smtp_peer.slow_ack_s = "slow_ack", 2.0
    report = app.notice_worker.drain_once()
    assert report.retrying == 1 and "timed out" in report.errors[0]
    with app.ledger.read() as session:
        row = session.get(NoticeRow, notice.id)
        assert row is not None and row.in_doubt
    smtp_peer.mode = "ok"
    import time

    time.sleep(0.02)
    assert app.notice_worker.drain_once().sent == 1
    assert record.mail_counts() == {f"<{notice.id}@clinic.test>": 2}  # same Message-ID


def test_probe_logs_in_and_sends_nothing(notify_app: Any, record: Record,
                                         smtp_peer: SmtpPeer) -> None:
    app = notify_app()
    health = app.notice_worker.notifiers["email"].probe()
    assert health.ok and "STARTTLS ok" in health.detail
    assert smtp_peer.logins and smtp_peer.logins[-1][1]
    assert record.mails() == []
