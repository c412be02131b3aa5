"""The notice service and worker against the real ledger, with the shipped simulators."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from kiosk.app import App
from kiosk.domain.notice import NoticeStatus
from kiosk.ledger.models import NoticeRow
from kiosk.notify import AddressError, NoticeRefused
from tests.conftest import make_config
from tests.notify.conftest import notify_secrets, paid

SIMULATED = {"email": {"kind": "simulated"}, "sms": {"kind": "simulated"},
             "backoff_initial_ms": 1, "backoff_max_ms": 5}


@pytest.fixture
def sim_app(app_factory: Any) -> Any:
    """A demo kiosk sending through the simulated email and SMS servers."""

    def build(**notify: Any) -> App:
        built: App = app_factory(notify={**SIMULATED, **notify})
        return built

    return build


def _delivered(app: App, channel: str) -> dict[str, int]:
    counts: dict[str, int] = app.notice_worker.notifiers[channel].delivery_counts()  # type: ignore
    return counts


@pytest.mark.parametrize(("channel", "typed", "code"), [
    ("email", "not an address", "email_invalid"),
    ("email", "a@b", "email_invalid"),
    ("email", "", "email_invalid"),
    ("sms", "12", "phone_invalid"),
    ("sms", "call me maybe", "phone_invalid"),
    ("sms", "+49 30 123456", "phone_not_mobile"),  # a Berlin landline
])
def test_bad_addresses_get_a_clear_code_and_record_nothing(sim_app: Any, channel: str,
                                                           typed: str, code: str) -> None:
    app = sim_app()
    payment_id = paid(app)
    with pytest.raises(AddressError) as caught:
        app.notices.queue_receipt(payment_id, channel, typed)
    assert caught.value.code == code and caught.value.message
    with pytest.raises(AddressError):
        app.notices.check_address(channel, typed)
    assert app.notices.counts()["queued"] == 0


def test_numbers_and_addresses_are_normalised(sim_app: Any) -> None:
    app = sim_app()
    assert app.notices.check_address("sms", "(312) 555-0134") == "***-***-0134"
    assert app.notices.check_address("sms", "+44 7911 123456") == "***-***-3456"
    assert app.notices.check_address("email", "Maria@Example.ORG") == "M***@e***.org"


def test_only_configured_channels_are_offered(app_factory: Any) -> None:
    app = app_factory(notify={"email": {"kind": "simulated"}})
    assert [c.value for c in app.notices.channels] == ["email"]
    with pytest.raises(NoticeRefused) as caught:
        app.notices.queue_receipt(paid(app), "sms", "3125550134")
    assert caught.value.code == "channel_unavailable"


def test_no_channel_configured_needs_no_data_key(app: App) -> None:
    assert app.notices is not None and app.notices.channels == ()
    with pytest.raises(NoticeRefused):
        app.notices.queue_receipt("x", "email", "a@example.org")


def test_a_receipt_is_for_money_taken(sim_app: Any) -> None:
    app = sim_app()
    from tests.helpers import find, request

    declined = app.payments.start(request(app, find(app, "accents"), 1_301))
    app.payments.authorize(declined)
    with pytest.raises(NoticeRefused) as caught:
        app.notices.queue_receipt(declined, "email", "a@example.org")
    assert caught.value.code == "not_paid"
    with pytest.raises(NoticeRefused) as caught:
        app.notices.queue_receipt("no-such-payment", "email", "a@example.org")
    assert caught.value.code == "unknown_payment"


def test_a_double_tap_queues_one_and_a_loop_is_stopped(sim_app: Any) -> None:
    app = sim_app()
    payment_id = paid(app)
    first = app.notices.queue_receipt(payment_id, "email", "a@example.org")
    again = app.notices.queue_receipt(payment_id, "email", " A@example.org ".lower())
    assert again.id == first.id
    app.notice_worker.drain_once()
    app.notices.queue_receipt(payment_id, "email", "a@example.org")  # asked again later: ok
    app.notices.queue_receipt(payment_id, "email", "b@example.org")
    with pytest.raises(NoticeRefused) as caught:
        app.notices.queue_receipt(payment_id, "email", "c@example.org")
    assert caught.value.code == "too_many"
    assert [v.status for v in app.notices.for_payment(payment_id)] == [
        NoticeStatus.SENT, NoticeStatus.QUEUED, NoticeStatus.QUEUED]


def _ledger_bytes(app: App, data_dir: Path) -> bytes:
    """The ledger file's bytes once the write-ahead log is folded in (what a disk keeps)."""
    connection = sqlite3.connect(data_dir / "ledger.sqlite3")
    busy, _log, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    connection.close()
    assert busy == 0
    return b"".join(p.read_bytes() for p in data_dir.glob("ledger.sqlite3*"))


def test_the_address_is_sealed_at_rest_and_erased_once_sent(sim_app: Any,
                                                            data_dir: Path) -> None:
    app = sim_app()
    payment_id = paid(app)
    notice = app.notices.queue_receipt(payment_id, "email", "unique.patient@example.org")
    app.notices.record_optin("P000003", "sms", "(312) 555-0177")
    with app.ledger.read() as session:
        sealed = session.get(NoticeRow, notice.id).sealed  # type: ignore[union-attr]
    assert sealed and len(sealed) > 40
    stored = _ledger_bytes(app, data_dir)
    for plain in (b"unique.patient", b"example.org", b"3125550177", b"555-0177"):
        assert plain not in stored
    assert sealed in stored
    app.notice_worker.drain_once()
    assert app.notices.view(notice.id).status is NoticeStatus.SENT
    # overwritten (secure_delete), not just unlinked: not even a fragment is left
    after = _ledger_bytes(app, data_dir)
    assert not [i for i in range(0, len(sealed) - 12, 4) if sealed[i:i + 12] in after]


def test_a_sealed_address_moved_to_another_notice_does_not_open(sim_app: Any) -> None:
    app = sim_app()
    payment_id = paid(app)
    one = app.notices.queue_receipt(payment_id, "email", "one@example.org")
    two = app.notices.queue_receipt(payment_id, "email", "two@example.org")
    with app.ledger.engine.begin() as connection:
        connection.execute(text("UPDATE notices SET sealed = (SELECT sealed FROM notices "
                                "WHERE id = :one) WHERE id = :two"), {"one": one.id, "two": two.id})
    report = app.notice_worker.drain_once()
    assert (report.sent, report.set_aside) == (1, 1)
    view = app.notices.view(two.id)
    assert view.status is NoticeStatus.ATTENTION and "cannot be read" in view.last_error


def test_the_audit_log_names_no_address(sim_app: Any) -> None:
    app = sim_app()
    payment_id = paid(app)
    app.notices.queue_receipt(payment_id, "email", "audit.me@example.org")
    app.notices.queue_receipt(payment_id, "sms", "3125550188")
    app.notices.record_optin("P000003", "email", "audit.me@example.org")
    app.notice_worker.drain_once()
    with app.ledger.read() as session:
        details = " ".join(f"{a} {d}" for a, d in session.execute(
            text("SELECT action, detail FROM audit_log")).all())
    assert "notice.queued" in details and "notice.sent" in details
    assert "reminder.optin" in details
    for private in ("audit.me", "example.org", "3125550188", "0188"):
        assert private not in details


def test_staff_can_retry_or_cancel_what_was_set_aside(sim_app: Any) -> None:
    app = sim_app(email={"kind": "simulated", "simulated": {"fault": "reject"}})
    notice = app.notices.queue_receipt(paid(app), "email", "a@example.org")
    assert app.notice_worker.drain_once().set_aside == 1
    assert [v.id for v in app.notices.waiting()] == [notice.id]
    app.notice_worker.notifiers["email"].fault = "none"  # type: ignore[attr-defined]
    assert app.notices.retry(notice.id, actor="staff:ana")
    assert not app.notices.retry(notice.id, actor="staff:ana")  # already queued
    assert app.notice_worker.drain_once().sent == 1
    assert _delivered(app, "email") == {notice.id: 1}
    second = app.notices.queue_receipt(paid(app, "hyphen", 1_000), "email", "b@example.org")
    assert app.notices.cancel(second.id, actor="staff:ana")
    view = app.notices.view(second.id)
    assert view.status is NoticeStatus.CANCELED and view.masked_to == ""
    assert app.notice_worker.drain_once().sent == 0


def test_a_notice_no_server_takes_is_set_aside_after_the_deadline(sim_app: Any) -> None:
    app = sim_app(email={"kind": "simulated", "simulated": {"fault": "down"}},
                  give_up_after_h=2)
    notice = app.notices.queue_receipt(paid(app), "email", "a@example.org")
    assert app.notice_worker.drain_once().retrying == 1
    real = app.ledger.clock
    app.ledger.clock = lambda: real() + timedelta(hours=3)
    assert app.notice_worker.drain_once().set_aside == 1
    view = app.notices.view(notice.id)
    assert view.status is NoticeStatus.ATTENTION
    assert "not accepted within 2 h" in view.last_error and "unreachable" in view.last_error
    assert view.masked_to  # kept for a staff retry ...
    app.ledger.clock = lambda: real() + timedelta(days=9)
    assert app.notice_worker.drain_once().erased == 1  # ... until the retention time
    assert app.notices.view(notice.id).masked_to == ""
    assert "erased after 7 days" in app.notices.view(notice.id).last_error


def test_a_flaky_server_gets_each_notice_once(sim_app: Any) -> None:
    app = sim_app(email={"kind": "simulated", "simulated": {"fault": "flaky"}},
                  sms={"kind": "simulated", "simulated": {"fault": "flaky"}})
    ids = []
    for key in ("accents", "hyphen", "apostrophe"):
        payment_id = paid(app, key, 1_000)
        ids.append(app.notices.queue_receipt(payment_id, "email", f"{key}@example.org").id)
        ids.append(app.notices.queue_receipt(payment_id, "sms", "3125550134").id)
    for _ in range(20):
        app.notice_worker.drain_once()
        if app.notices.counts()["queued"] == 0:
            break
        time.sleep(0.01)
    counts = {**_delivered(app, "email"), **_delivered(app, "sms")}
    assert counts == {notice_id: 1 for notice_id in ids}


def test_the_worker_thread_sends_as_soon_as_a_receipt_is_queued(sim_app: Any) -> None:
    app = sim_app(interval_s=3_600)
    app.notice_worker.start()
    notice = app.notices.queue_receipt(paid(app), "email", "a@example.org")
    deadline = time.monotonic() + 5
    while app.notices.view(notice.id).status is NoticeStatus.QUEUED:
        assert time.monotonic() < deadline, "the queued receipt was not sent"
        time.sleep(0.02)
    assert app.notice_worker.running
    app.notice_worker.stop()
    assert not app.notice_worker.running


def test_optins_are_recorded_with_time_channel_and_place(sim_app: Any) -> None:
    app = sim_app()
    before = app.ledger.clock()
    view = app.notices.record_optin("P000003", "sms", "3125550134", source="counter",
                                    actor="staff:ana")
    assert (view.channel.value, view.masked_to, view.source) == ("sms", "***-***-0134",
                                                                 "counter")
    assert view.given_at >= before
    assert [v.channel.value for v in app.notices.optins_for("P000003")] == ["sms"]
    app.notices.record_optin("P000003", "sms", "3125550199")  # a newer one replaces it
    assert [v.masked_to for v in app.notices.optins_for("P000003")] == ["***-***-0199"]
    assert app.notices.revoke_optin("P000003", "sms", actor="kiosk")
    assert app.notices.optins_for("P000003") == []
    assert not app.notices.revoke_optin("P000003", "sms")
    with pytest.raises(AddressError):
        app.notices.record_optin("P000003", "email", "nope")


def test_store_in_pms_hands_the_address_over_then_erases_it(sim_app: Any) -> None:
    app = sim_app(store_address_in_pms=True)
    notice = app.notices.queue_receipt(paid(app), "email", "keep.me@example.org")
    report = app.notice_worker.drain_once()
    assert report.sent == 1 and report.handed_over == 1
    contacts = app.pms.contacts.all()  # type: ignore[attr-defined]
    assert contacts == [("P000003", "email", "keep.me@example.org", notice.id)]
    with app.ledger.read() as session:
        row = session.get(NoticeRow, notice.id)
        assert row is not None and row.sealed is None and not row.pms_handover


def test_store_in_pms_waits_for_a_pms_that_is_down(sim_app: Any) -> None:
    app = sim_app(store_address_in_pms=True)
    notice = app.notices.queue_receipt(paid(app), "email", "keep.me@example.org")
    app.pms.faults.set("down")  # type: ignore[attr-defined]
    report = app.notice_worker.drain_once()
    assert report.sent == 1 and report.handed_over == 0 and report.errors
    with app.ledger.read() as session:
        row = session.get(NoticeRow, notice.id)
        assert row is not None and row.sealed is not None and row.pms_handover
    app.pms.faults.set("none")  # type: ignore[attr-defined]
    assert app.notice_worker.drain_once().handed_over == 1


def test_production_with_a_channel_needs_the_data_key(tmp_path: Path) -> None:
    from kiosk.app import build_notices
    from kiosk.secrets import MissingSecret

    config = make_config(tmp_path, notify={"email": {"kind": "simulated"}})
    config = config.model_copy(update={"mode": "production"})
    no_key = notify_secrets(KIOSK_SECRET_DATA_KEY="")
    with pytest.raises(MissingSecret, match="data_key"):
        build_notices(config, tmp_path, no_key, None, None, "kiosk:x")  # type: ignore[arg-type]


def test_the_ledger_overwrites_what_it_erases(sim_app: Any) -> None:
    app = sim_app()
    with app.ledger.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
