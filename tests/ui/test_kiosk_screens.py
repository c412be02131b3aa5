"""A patient's whole visit to the kiosk, in the real Qt window (offscreen)."""

from __future__ import annotations

import subprocess
import threading
import time
from datetime import date
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from sqlalchemy import text

from kiosk.domain.patient import PatientQuery
from kiosk.domain.payment import PaymentStatus
from kiosk.flow.view import Screen
from ui.assemble import ScanRelay


def test_happy_path_to_a_printed_receipt(kiosk: Any) -> None:
    page = kiosk()
    page.touch_to_start().type_last_name("Nunez").enter_birthdate("07041972")
    assert "José N." in page.visible_text()
    assert "$243.73" not in page.visible_text()  # hidden until the patient taps
    page.tap("Show amounts")
    page.qtbot.waitUntil(lambda: "$243.73" in page.visible_text())
    page.pay_full_balance_by_card()
    assert "Payment approved" in page.visible_text()
    page.tap("Continue")
    page.wait_for(Screen.RECEIPT)
    page.tap("Print receipt")
    page.qtbot.waitUntil(lambda: "PAYMENT RECEIPT" in page.visible_text())
    assert "$243.73" in page.visible_text()
    page.tap("Done")
    page.wait_for(Screen.THANK_YOU)
    result = page.session.state.result
    assert result is not None
    assert page.app.payments.view(result.reference).status is PaymentStatus.CAPTURED


def test_decline_then_try_again(kiosk: Any) -> None:
    page = kiosk(terminal={"simulated": {"script": ["decline", "approve"]}})
    page.touch_to_start().type_last_name("OBrien").enter_birthdate("11301990")
    page.pay_full_balance_by_card()
    assert "Your card was declined" in page.visible_text()
    assert "No money was taken" in page.visible_text()
    page.tap("Try again")
    page.wait_for(Screen.RESULT, timeout_ms=20_000)
    assert "Payment approved" in page.visible_text()
    charges = page.app.terminal.state.charge_counts()
    assert list(charges.values()) == [1]


def test_ambiguous_match_asks_for_the_zip_code(kiosk: Any) -> None:
    page = kiosk()
    page.touch_to_start().type_last_name("Garcia").enter_birthdate("03141985", Screen.MORE)
    assert "What is your ZIP code?" in page.visible_text()
    assert "Maria" not in page.visible_text() and "María" not in page.visible_text()
    page.answer("60601")
    assert "Maria G." in page.visible_text()


def test_idle_timeout_wipes_everything(kiosk: Any) -> None:
    page = kiosk(session={"idle_timeout_s": 20, "idle_warning_s": 5})
    page.touch_to_start().type_last_name("Nunez").enter_birthdate("07041972")
    page.tap("Show amounts")
    page.qtbot.waitUntil(lambda: "José N." in page.visible_text())
    # time passes without a touch (the session's clock runs 20 s ahead)
    clock = page.session._clock
    page.session._clock = lambda: clock() + 16
    page.session.tick()
    page.qtbot.waitUntil(lambda: page.window.idle.isVisible())
    assert "Are you still there?" in page.visible_text()
    page.session._clock = lambda: clock() + 21
    page.session.tick()
    page.wait_for(Screen.ATTRACT)
    page.qtbot.waitUntil(lambda: not page.window.idle.isVisible())
    shown = page.visible_text()
    for secret in ("José", "N.", "$243.73", "Annual preventive exam", "NUNEZ"):
        assert secret not in shown
    # not just hidden: the screens hold nothing either
    everything = "\n".join(label.text() for label in page.window.findChildren(
        __import__("PySide6.QtWidgets", fromlist=["QLabel"]).QLabel))
    assert "José" not in everything and "NUNEZ" not in everything
    assert not page.session.state.has_patient_data and page.session._patient is None


def test_terminal_disconnect_during_processing_ends_safely(kiosk: Any) -> None:
    page = kiosk()
    page.touch_to_start().type_last_name("Nunez").enter_birthdate("07041972")
    page.tap("Pay now")
    page.wait_for(Screen.AMOUNT)
    page.tap("Pay another amount")
    page.wait_for(Screen.OTHER_AMOUNT)
    page.enter_digits("1304")  # $13.04: the cable is pulled after the bank approved
    page.tap("Continue")
    page.wait_for(Screen.METHOD)
    page.tap("Card on the terminal")
    page.wait_for(Screen.RESULT, timeout_ms=20_000)
    assert "Payment approved" in page.visible_text()  # resolved by a query, not a resale
    with page.app.ledger.read() as session:
        statuses = list(session.scalars(text("SELECT status FROM payments")))
        events = list(session.scalars(text("SELECT to_status FROM payment_events ORDER BY id")))
    assert statuses == ["captured"] and "unknown" in events
    assert list(page.app.terminal.state.charge_counts().values()) == [1]


def test_a_slow_pms_never_freezes_the_screen(kiosk: Any) -> None:
    page = kiosk()
    page.touch_to_start().type_last_name("Nunez")
    page.app.pms.faults.set("none", latency_ms=2_000)
    page.enter_digits("07041972")
    stalls: list[int] = []
    busy_for: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def beat() -> None:
        now = clock.elapsed()
        stalls.append(now - last[0])
        last[0] = now
        if page.session.state.busy:
            busy_for.append(time.monotonic())

    heart = QTimer()
    heart.timeout.connect(beat)
    heart.start(10)
    page.tap("Continue")
    page.wait_for(Screen.STATEMENT, timeout_ms=15_000)
    heart.stop()
    assert busy_for and busy_for[-1] - busy_for[0] >= 1.5  # the slow calls were in flight
    assert max(stalls) < 250, f"longest event-loop stall {max(stalls)} ms"


def test_demo_banner_on_every_screen(kiosk: Any) -> None:
    page = kiosk()
    seen: dict[Screen, bool] = {}

    def look() -> None:
        seen[page.screen] = page.window.banner.isVisibleTo(page.window)

    original = page.wait_for

    def wait_and_look(screen: Screen, timeout_ms: int = 10_000) -> None:
        original(screen, timeout_ms)
        look()

    page.wait_for = wait_and_look  # type: ignore[method-assign]
    look()
    page.touch_to_start().type_last_name("Garcia").enter_birthdate("03141985", Screen.MORE)
    page.answer("60614")
    page.tap("Pay now")
    page.wait_for(Screen.AMOUNT)
    page.tap("Pay another amount")
    page.wait_for(Screen.OTHER_AMOUNT)
    page.enter_digits("1000")
    page.tap("Continue")
    page.wait_for(Screen.METHOD)
    page.app.terminal.step_delay = 0.3  # long enough to look at the processing screen
    page.tap("Card on the terminal")
    page.qtbot.waitUntil(lambda: page.screen is Screen.PROCESSING)  # busy while it lasts
    look()
    page.wait_for(Screen.RESULT, timeout_ms=20_000)
    page.tap("Continue")
    page.wait_for(Screen.RECEIPT)
    page.tap("No receipt")
    page.wait_for(Screen.THANK_YOU)
    assert {Screen.ATTRACT, Screen.NAME, Screen.BIRTHDATE, Screen.MORE, Screen.STATEMENT,
            Screen.AMOUNT, Screen.OTHER_AMOUNT, Screen.METHOD, Screen.PROCESSING,
            Screen.RESULT, Screen.RECEIPT, Screen.THANK_YOU} <= set(seen)
    assert all(seen.values()), seen
    assert "DEMO MODE" in page.window.banner.text()


def test_no_banner_outside_demo_mode_is_possible(kiosk: Any) -> None:
    page = kiosk()
    page.window.show_state(page.session.state.__class__(Screen.ATTRACT, demo=False))
    assert not page.window.banner.isVisible()


def test_pay_on_the_phone_with_a_qr_code(kiosk: Any, tmp_path: Any) -> None:
    page = kiosk(phone={"kind": "simulated", "poll_interval_ms": 50,
                        "simulated": {"pay_after_s": 1}})
    page.touch_to_start().type_last_name("Nunez").enter_birthdate("07041972")
    page.tap("Pay now")
    page.wait_for(Screen.AMOUNT)
    page.qtbot.mouseClick(page.shown.full, Qt.MouseButton.LeftButton)
    page.wait_for(Screen.METHOD)
    page.tap("Pay on your phone")
    page.qtbot.waitUntil(lambda: bool(page.session.state.qr_url), timeout=10_000)
    # the window renders the state a moment later (the bridge's queued signal), and the
    # code, hidden until now, gets its size from the next layout pass
    page.qtbot.waitUntil(lambda: getattr(page.shown, "code", None) is not None
                         and page.shown.code.text() == page.session.state.qr_url
                         and page.shown.code.isVisible()
                         and min(page.shown.code.width(), page.shown.code.height()) >= 240,
                         timeout=10_000)
    # the code on the screen really is the payment page's address
    image = tmp_path / "qr.png"
    page.shown.code.grab().save(str(image))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(image)],
                                           capture_output=True, text=True, check=False)
    assert decoded.stdout.strip() == page.session.state.qr_url, \
        (decoded.returncode, decoded.stderr, page.shown.code.size())
    page.wait_for(Screen.RESULT, timeout_ms=20_000)
    assert "Payment approved" in page.visible_text()
    result = page.session.state.result
    assert result is not None
    view = page.app.payments.view(result.reference)
    assert view.method == "phone" and view.status is PaymentStatus.CAPTURED


def test_receipt_by_email_is_queued_encrypted(kiosk: Any) -> None:
    page = kiosk(notify={"email": {"kind": "simulated"}})
    page.touch_to_start().type_last_name("Nunez").enter_birthdate("07041972")
    page.pay_full_balance_by_card()
    page.tap("Continue")
    page.wait_for(Screen.RECEIPT)
    page.tap("Email receipt")
    page.wait_for(Screen.SEND_RECEIPT)
    keys = page.shown.keyboard.keys
    for character in "jose@example.org":
        page.qtbot.mouseClick(keys[character], Qt.MouseButton.LeftButton)
    page.tap("Continue")
    page.wait_for(Screen.CONFIRM_SEND)
    assert "jose@example.org" not in page.visible_text()  # shown masked for confirmation
    page.tap("Send")
    page.wait_for(Screen.RECEIPT)
    assert "emailed" in page.visible_text()
    assert page.session.state.notice_typed == ""  # the typed address is gone from memory
    result = page.session.state.result
    assert result is not None
    notices = page.app.notices.for_payment(result.reference)
    assert [n.channel.value for n in notices] == ["email"]
    assert notices[0].status.value == "queued" and "@" in notices[0].masked_to
    with page.app.ledger.read() as db:
        raw = b"".join(str(row).encode() for row in db.execute(text("SELECT * FROM notices")))
    assert b"jose@example.org" not in raw


def test_a_scanned_statement_still_asks_for_the_birth_date(kiosk: Any) -> None:
    from devices.scanner.simulated import SimulatedScanner

    page = kiosk()
    patient = page.app.pms.find_patients(PatientQuery("Nunez", date(1972, 7, 4)))[0]
    code = page.app.pms.statement(patient.id).statement_code
    scanner = SimulatedScanner(codes=(code,), delay_s=0)
    relay = ScanRelay(page.session)
    scanner.start(relay)
    threading.Thread(target=scanner.scan).start()  # scans arrive on the scanner's thread
    page.wait_for(Screen.BIRTHDATE)
    assert "José" not in page.visible_text()
    page.enter_birthdate("07041972")
    assert "José N." in page.visible_text()


def test_the_whole_path_on_a_zvt_terminal_over_a_pty(kiosk: Any) -> None:
    from devices.zvt.terminal import ZvtTerminal
    from tests.zvt.test_payment_path import zvt_config

    page = kiosk(terminal=zvt_config(), clinic={"currency": "USD"})
    assert isinstance(page.app.terminal, ZvtTerminal)
    page.touch_to_start().type_last_name("Nunez").enter_birthdate("07041972")
    page.pay_full_balance_by_card()
    assert "Payment approved" in page.visible_text()
    result = page.session.state.result
    assert result is not None
    view = page.app.payments.view(result.reference)
    assert view.status is PaymentStatus.CAPTURED and view.processor_ref
    page.tap("Continue")
    page.wait_for(Screen.RECEIPT)
    page.tap("Print receipt")
    page.qtbot.waitUntil(lambda: "PAYMENT RECEIPT" in page.visible_text())
