"""Text-message receipts through a loopback stand-in for Twilio's REST API.

The stand-in checks each request as Twilio documents the Messages resource
(``POST /2010-04-01/Accounts/{AccountSid}/Messages.json``, HTTP basic auth,
form-encoded ``To``, ``From``, ``Body``) and answers in Twilio's shapes: the
message resource with ``201``, errors as ``{code, message, more_info, status}``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.domain.notice import NoticeStatus
from kiosk.ledger.models import NoticeRow
from tests.notify.conftest import notify_secrets, paid
from tests.notify.peers import TWILIO_FROM, TWILIO_SID, UNSUBSCRIBED, Record, TwilioPeer


def test_sms_receipt_is_posted_as_twilio_documents_it(notify_app: Any, record: Record,
                                                      twilio_peer: TwilioPeer) -> None:
    app = notify_app()
    payment_id = paid(app)
    notice = app.notices.queue_receipt(payment_id, "sms", "(312) 555-0134")
    assert notice.masked_to == "***-***-0134"
    assert app.notice_worker.drain_once().sent == 1
    request, = record.http_requests()
    assert request["method"] == "POST"
    assert request["path"] == f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
    assert request["auth_ok"] and request["content_type"] == "application/x-www-form-urlencoded"
    assert request["form"] == {"To": "+13125550134", "From": TWILIO_FROM,
                               "Body": f"Payment of $25.00 received. Ref {payment_id}"}
    assert request["status"] == 201
    message, = record.sms_messages()
    with app.ledger.read() as session:
        row = session.get(NoticeRow, notice.id)
        assert row is not None
        assert (row.status, row.sealed, row.provider_ref) == ("sent", None, message["sid"])
    assert message["sid"].startswith("SM") and len(message["sid"]) == 34


def test_text_carries_only_the_amount_and_reference(notify_app: Any, record: Record) -> None:
    app = notify_app()
    payment_id = paid(app, "hyphen", 1_000)
    app.notices.queue_receipt(payment_id, "sms", "+1 773 555 0101")
    app.notice_worker.drain_once()
    body = record.sms_messages()[0]["body"]
    assert body == f"Payment of $10.00 received. Ref {payment_id}"
    assert "Clinic" not in body and "Smith" not in body


def test_an_unsubscribed_number_is_set_aside_without_the_number_in_the_reason(
        notify_app: Any, record: Record) -> None:
    app = notify_app()
    notice = app.notices.queue_receipt(paid(app), "sms", UNSUBSCRIBED)
    assert app.notice_worker.drain_once().set_aside == 1
    view = app.notices.view(notice.id)
    assert view.status is NoticeStatus.ATTENTION
    assert "HTTP 400" in view.last_error and "21610" in view.last_error
    assert "9999" not in view.last_error  # Twilio's own message quotes the number
    assert record.sms_messages() == []


def test_wrong_token_waits_and_says_which_secret(notify_app: Any, record: Record) -> None:
    app = notify_app(secrets=notify_secrets(KIOSK_SECRET_TWILIO_AUTH_TOKEN="wrong"))
    notice = app.notices.queue_receipt(paid(app), "sms", "3125550134")
    assert app.notice_worker.drain_once().retrying == 1
    view = app.notices.view(notice.id)
    assert view.status is NoticeStatus.QUEUED and "twilio_auth_token" in view.last_error
    assert [r["status"] for r in record.http_requests()] == [401]
    health = app.notice_worker.notifiers["sms"].probe()
    assert not health.ok and "credentials" in health.detail


def test_a_gateway_error_is_retried_and_then_sent_once(notify_app: Any, record: Record,
                                                       twilio_peer: TwilioPeer) -> None:
    app = notify_app()
    notice = app.notices.queue_receipt(paid(app), "sms", "3125550134")
    twilio_peer.mode = "error503"
    assert app.notice_worker.drain_once().retrying == 1
    assert "HTTP 503" in app.notices.view(notice.id).last_error
    twilio_peer.mode = "ok"
    time.sleep(0.02)
    report = app.notice_worker.drain_once()
    # a 5xx may hide an accepted message: the worker asked before sending again
    assert report.sent == 1 and report.found_sent == 0
    methods = [r["method"] for r in record.http_requests()]
    assert methods == ["POST", "GET", "POST"]
    assert len(record.sms_messages()) == 1


def test_an_answer_lost_after_twilio_took_it_is_resolved_by_asking(
        notify_app: Any, record: Record, twilio_peer: TwilioPeer) -> None:
    app = notify_app(sms={"kind": "twilio", "twilio": {
        "account_sid": TWILIO_SID, "from_number": TWILIO_FROM, "api_base": twilio_peer.base,
        "timeout_s": 1}})
    notice = app.notices.queue_receipt(paid(app), "sms", "3125550134")
    twilio_peer.mode, twilio_peer.slow_s = "slow", 1.5
    report = app.notice_worker.drain_once()
    assert report.retrying == 1 and "timed out" in report.errors[0]
    twilio_peer.mode = "ok"
    time.sleep(0.02)
    report = app.notice_worker.drain_once()
    assert report.found_sent == 1 and report.sent == 0
    assert len(record.sms_messages()) == 1  # never sent twice
    view = app.notices.view(notice.id)
    assert view.status is NoticeStatus.SENT and view.masked_to == ""


def test_probe_reads_the_account_and_sends_nothing(notify_app: Any, record: Record) -> None:
    app = notify_app()
    health = app.notice_worker.notifiers["sms"].probe()
    assert health.ok and "account active" in health.detail
    assert record.sms_messages() == []


def test_a_down_gateway_is_reported_by_probe(notify_app: Any, twilio_peer: TwilioPeer) -> None:
    app = notify_app()
    twilio_peer.stop()
    health = app.notice_worker.notifiers["sms"].probe()
    assert not health.ok and "connection refused" in health.detail


@pytest.mark.parametrize("base", ["http://api.twilio.com", "ftp://127.0.0.1"])
def test_plain_http_is_refused_except_on_loopback(tmp_path: Path, base: str) -> None:
    path = tmp_path / "k.toml"
    path.write_text(f'mode = "demo"\n[notify.sms]\nkind = "twilio"\n[notify.sms.twilio]\n'
                    f'account_sid = "{TWILIO_SID}"\nfrom_number = "{TWILIO_FROM}"\n'
                    f'api_base = "{base}"\n')
    with pytest.raises(ConfigError, match=r"notify\.sms\.twilio\.api_base"):
        load_config(path, environ={})


def test_twilio_without_a_sender_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "k.toml"
    path.write_text(f'mode = "demo"\n[notify.sms]\nkind = "twilio"\n[notify.sms.twilio]\n'
                    f'account_sid = "{TWILIO_SID}"\n')
    with pytest.raises(ConfigError, match="from_number"):
        load_config(path, environ={})
