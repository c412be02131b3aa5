"""The receptionist's counter, in the real Qt window (offscreen)."""

from __future__ import annotations

from typing import Any

from kiosk.counter.view import CounterScreen
from kiosk.domain.payment import PaymentStatus, PostingStatus


def test_sign_in_refuses_a_wrong_password_then_lets_rita_in(counter: Any) -> None:
    desk = counter()
    desk.sign_in("rita", "not the password", expect=CounterScreen.SIGN_IN)
    assert "Wrong user name or password" in desk.text()
    desk.sign_in("rita")
    assert "Rita Reception (receptionist)" in desk.text()


def test_payment_by_cash_gives_change(counter: Any) -> None:
    desk = counter().sign_in("rita").find_patient("Nunez", 7, 4, 1972)
    desk.take("cash", "20.00", given="50")
    assert "Paid: $20.00 by cash" in desk.text() and "Change due: $30.00" in desk.text()
    desk.click("print-receipt")
    desk.qtbot.waitUntil(lambda: "Cash given" in desk.text())


def test_payment_by_check_records_its_number(counter: Any) -> None:
    desk = counter().sign_in("rita").find_patient("Nunez", 7, 4, 1972)
    desk.take("check", "15.00", check="1042")
    assert "Paid: $15.00 by check" in desk.text()
    result = desk.window.current.result
    assert result is not None and result.check_number == "1042"


def test_payment_by_card_on_the_terminal(counter: Any) -> None:
    desk = counter().sign_in("rita").find_patient("Nunez", 7, 4, 1972)
    desk.take("card", "25.00")
    assert "Paid: $25.00 by card" in desk.text()
    result = desk.window.current.result
    assert result is not None and result.status is PaymentStatus.CAPTURED
    assert list(desk.app.terminal.state.charge_counts().values()) == [1]


def test_a_refund_needs_a_supervisor(counter: Any) -> None:
    desk = counter().sign_in("rita").find_patient("Nunez", 7, 4, 1972)
    desk.take("card", "40.00")
    payment_id = desk.window.current.result.payment_id
    desk.click("refund-this")
    desk.wait_for(CounterScreen.REFUND)
    page: Any = desk.page
    desk.type_into(page.amount, "15.00")
    desk.type_into(page.supervisor, "rita")  # a receptionist cannot approve
    desk.type_into(page.password, "correct horse battery")
    desk.click("approve-refund")
    desk.qtbot.waitUntil(lambda: "cannot approve" in desk.text())
    desk.type_into(page.supervisor, "sam")
    desk.type_into(page.password, "correct horse battery")
    desk.click("approve-refund")
    desk.qtbot.waitUntil(lambda: "approved by sam" in desk.text())
    view = desk.app.payments.view(payment_id)
    assert view.status is PaymentStatus.PARTLY_REFUNDED and view.refunded.cents == 1500


def test_queue_shows_a_refused_posting_and_retries_it(counter: Any) -> None:
    desk = counter().sign_in("rita").find_patient("Wright", 12, 1, 1949)  # closed account
    desk.take("cash", "10.00", given="10.00")
    desk.app.sync.drain_once()
    desk.click("nav-queue")
    desk.wait_for(CounterScreen.QUEUE)
    page: Any = desk.page
    desk.qtbot.waitUntil(lambda: page.items.rowCount() == 1)
    assert "closed" in page.items.item(0, 7).text()
    page.items.selectRow(0)
    desk.click("retry-posting")
    desk.qtbot.waitUntil(lambda: not desk.window.current.busy)
    with desk.app.ledger.read() as session:
        from sqlalchemy import text

        statuses = list(session.scalars(text("SELECT status FROM outbox")))
    assert statuses == [PostingStatus.QUEUED.value]  # back in line for the worker


def test_closing_the_day(counter: Any) -> None:
    desk = counter().sign_in("sam").find_patient("Nunez", 7, 4, 1972)
    desk.take("cash", "20.00", given="20")
    desk.click("nav-day")
    desk.wait_for(CounterScreen.DAY_CLOSE)
    page: Any = desk.page
    desk.qtbot.waitUntil(lambda: page.lines.rowCount() >= 1)
    assert "Total net $20.00 in 1 payments" in desk.text()
    desk.click("close-batch")
    desk.qtbot.waitUntil(lambda: not desk.window.current.busy)
    assert desk.window.current.report is not None


def _everything_on(window: Any) -> str:
    """Every text the window holds, shown or not: labels, fields and table cells."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QTableWidget

    texts = [w.text() for w in window.findChildren(QLabel)]
    texts += [w.text() for w in window.findChildren(QLineEdit)]
    for table in window.findChildren(QTableWidget):
        texts += [table.item(r, c).text() for r in range(table.rowCount())
                  for c in range(table.columnCount()) if table.item(r, c) is not None]
    return "\n".join(texts)


def test_signing_out_leaves_no_patient_on_any_page(counter: Any) -> None:
    desk = counter().sign_in("rita").find_patient("Nunez", 7, 4, 1972)
    desk.take("cash", "20.00", given="20.00")
    before = _everything_on(desk.window)
    assert "José" in before and "A100014" in before and "Nunez" in before
    desk.click("nav-sign-out")
    desk.wait_for(CounterScreen.SIGN_IN)
    after = _everything_on(desk.window)
    for trace in ("José", "Núñez", "Nunez", "A100014", "$20.00", "rita"):
        assert trace not in after, trace
