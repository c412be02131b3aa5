"""The ZVT adapter against the terminal simulator on a real pty (and over TCP).

Each scripted fault is checked end to end: what ``sale`` says, what ``query``
finds afterwards, and what the simulator's own journal says it charged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from devices.zvt.journal import SENT
from devices.zvt.reference import ZvtRef
from devices.zvt.sim_host import SimulatorHost
from devices.zvt.terminal import ZvtTerminal
from kiosk.domain.money import Money
from kiosk.ports.terminal import ProgressEvent, ProgressKind, RefundOutcome, SaleOutcome
from tests.helpers import card_numbers_in

Sim = Callable[..., SimulatorHost]
Build = Callable[..., ZvtTerminal]
EUR = "EUR"


def _sale(terminal: ZvtTerminal, cents: int) -> tuple[object, list[ProgressEvent]]:
    events: list[ProgressEvent] = []
    return terminal.sale("pay-1", Money(cents, EUR), events.append), events


def _last_ref(events: list[ProgressEvent]) -> str:
    return [e.processor_ref for e in events if e.kind is ProgressKind.REFERENCE][-1]


def test_approval_reports_card_and_references_in_order(sim_factory: Sim,
                                                       terminal_factory: Build) -> None:
    host = sim_factory()
    terminal = terminal_factory(host)
    result, events = _sale(terminal, 2_500)
    assert result.outcome is SaleOutcome.APPROVED  # type: ignore[attr-defined]
    card = result.card  # type: ignore[attr-defined]
    assert card.brand and len(card.last4) == 4 and card.auth_code
    kinds = [e.kind for e in events]
    # The reference is stored before anything else happens, and again with the trace.
    assert kinds[0] is ProgressKind.REFERENCE and "after=0" in events[0].processor_ref
    assert ProgressKind.PRESENT_CARD in kinds and ProgressKind.REMOVE_CARD in kinds
    ref = ZvtRef.parse(_last_ref(events))
    assert ref is not None and ref.trace == 1 and ref.receipt == 1 and ref.amount == 2_500
    assert host.state.charges() == {1: 2_500}
    query = terminal.query("pay-1", _last_ref(events))
    assert query.outcome is SaleOutcome.APPROVED and query.card == card


@pytest.mark.parametrize(("outcome", "expected", "code"), [
    ("decline", SaleOutcome.DECLINED, "05"),
    ("cancel", SaleOutcome.CANCELED, ""),
    ("timeout", SaleOutcome.CANCELED, ""),
    ("refuse", SaleOutcome.NOT_FOUND, ""),
])
def test_no_money_outcomes(sim_factory: Sim, terminal_factory: Build, outcome: str,
                           expected: SaleOutcome, code: str) -> None:
    host = sim_factory(script=(outcome,))
    terminal = terminal_factory(host)
    result, _events = _sale(terminal, 1_000)
    assert result.outcome is expected  # type: ignore[attr-defined]
    assert result.decline_code == code  # type: ignore[attr-defined]
    assert result.staff_message  # type: ignore[attr-defined]
    assert host.state.charges() == {}


@pytest.mark.parametrize("outcome", ["nak_storm", "corrupt_crc"])
def test_a_noisy_line_still_ends_in_one_approval(sim_factory: Sim, terminal_factory: Build,
                                                 outcome: str) -> None:
    host = sim_factory(script=(outcome,))
    terminal = terminal_factory(host)
    result, _ = _sale(terminal, 1_500)
    assert result.outcome is SaleOutcome.APPROVED  # type: ignore[attr-defined]
    assert host.state.charges() == {1: 1_500}


@pytest.mark.parametrize(("outcome", "resolved", "charged"), [
    ("silence", SaleOutcome.NOT_FOUND, {}),
    ("cut_before_charge", SaleOutcome.NOT_FOUND, {}),
    ("nak_storm_fatal", SaleOutcome.NOT_FOUND, {}),
    ("cut_after_charge", SaleOutcome.APPROVED, {2: 3_000}),
    ("garbage", SaleOutcome.APPROVED, {2: 3_000}),
    ("cut_after_decline", SaleOutcome.DECLINED, {}),
])
def test_lost_answers_become_unknown_and_a_query_settles_them(
        sim_factory: Sim, terminal_factory: Build, outcome: str, resolved: SaleOutcome,
        charged: dict[int, int]) -> None:
    host = sim_factory(script=("decline", outcome))
    terminal = terminal_factory(host)
    _sale(terminal, 3_000)  # trace 1, declined: the terminal has a last transaction
    result, events = _sale(terminal, 3_000)
    assert result.outcome is SaleOutcome.UNKNOWN, result  # type: ignore[attr-defined]
    query = terminal.query("pay-1", _last_ref(events))
    assert query.outcome is resolved, query.staff_message
    assert host.state.charges() == charged
    if resolved is SaleOutcome.APPROVED:
        assert len(query.card.last4) == 4


def test_a_full_card_number_from_the_terminal_never_leaves_the_parser(
        sim_factory: Sim, terminal_factory: Build, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    host = sim_factory(script=("leak_pan",))
    terminal = terminal_factory(host)
    result, events = _sale(terminal, 1_000)
    assert result.outcome is SaleOutcome.APPROVED  # type: ignore[attr-defined]
    seen = repr((result, events)).encode() + caplog.text.encode()
    assert card_numbers_in(seen) == []
    assert len(result.card.last4) == 4  # type: ignore[attr-defined]


def test_cancel_is_a_request_the_terminal_ends(sim_factory: Sim,
                                               terminal_factory: Build) -> None:
    host = sim_factory(step_delay=5.0)  # the patient never presents a card
    terminal = terminal_factory(host)

    def on_progress(event: ProgressEvent) -> None:
        if event.kind is ProgressKind.PRESENT_CARD:
            terminal.cancel()  # from the screen, while the terminal waits

    result = terminal.sale("pay-1", Money(1_000, EUR), on_progress)
    assert result.outcome is SaleOutcome.CANCELED
    assert "by the kiosk" in result.staff_message and "6C" in result.staff_message
    assert host.state.charges() == {}


def test_a_cancel_too_late_leaves_the_approval_standing(sim_factory: Sim,
                                                        terminal_factory: Build) -> None:
    host = sim_factory(step_delay=0.3)
    terminal = terminal_factory(host)

    def on_progress(event: ProgressEvent) -> None:
        if event.kind is ProgressKind.PROCESSING:
            terminal.cancel()  # the bank is already deciding

    result = terminal.sale("pay-1", Money(1_000, EUR), on_progress)
    assert result.outcome is SaleOutcome.APPROVED
    assert host.state.charges() == {1: 1_000}


def test_the_sale_timeout_asks_the_terminal_to_abort(sim_factory: Sim,
                                                     terminal_factory: Build) -> None:
    host = sim_factory(step_delay=5.0)
    terminal = terminal_factory(host, sale_timeout_s=0.5)
    result, _ = _sale(terminal, 1_000)
    assert result.outcome is SaleOutcome.CANCELED  # type: ignore[attr-defined]


def test_query_without_a_reference_and_with_a_stale_one(sim_factory: Sim,
                                                        terminal_factory: Build) -> None:
    host = sim_factory()
    terminal = terminal_factory(host)
    assert terminal.query("never-sent", "").outcome is SaleOutcome.NOT_FOUND
    _first, events = _sale(terminal, 1_000)
    old = _last_ref(events)
    _sale(terminal, 2_000)
    stale = terminal.query("pay-1", old)
    assert stale.outcome is SaleOutcome.UNKNOWN and "journal" in stale.staff_message
    other = ZvtRef("52500038", after=0, amount=1_000).format()
    assert terminal.query("pay-x", other).outcome is SaleOutcome.UNKNOWN


def test_probe_is_a_status_enquiry(sim_factory: Sim, terminal_factory: Build) -> None:
    host = sim_factory()
    health = terminal_factory(host).probe()
    assert health.ok and "ready" in health.detail and "52500038" in health.detail
    host.stop()
    gone = terminal_factory(host).probe()
    assert not gone.ok and "not reachable" in gone.detail


def test_end_of_day_totals_match_the_terminal(sim_factory: Sim,
                                              terminal_factory: Build) -> None:
    host = sim_factory(script=("approve", "decline", "approve"))
    terminal = terminal_factory(host)
    for cents in (1_000, 2_000, 3_500):
        _sale(terminal, cents)
    totals = terminal.end_of_day()
    assert (totals.count, totals.amount) == (2, Money(4_500, EUR))
    assert "receipts" in totals.detail


def test_refunds_reverse_or_refund_once_per_refund_id(sim_factory: Sim,
                                                      terminal_factory: Build) -> None:
    host = sim_factory()
    terminal = terminal_factory(host)
    _result, events = _sale(terminal, 4_000)
    ref = _last_ref(events)
    done = terminal.refund("pay-1", Money(4_000, EUR), "refund-1", ref)
    assert done.outcome is RefundOutcome.REFUNDED
    assert host.state.charges() == {}  # the reversal took the sale back
    again = terminal.refund("pay-1", Money(4_000, EUR), "refund-1", ref)
    assert again == done
    kinds = [t.kind for t in host.state.transactions()]
    assert kinds == ["sale", "reversal"]
    partial = terminal.refund("pay-1", Money(500, EUR), "refund-2", ref)
    assert partial.outcome is RefundOutcome.REFUNDED
    assert [t.kind for t in host.state.transactions()][-1] == "refund"
    terminal.journal.record("refund-3", "pay-1", 100, SENT)  # a crash after sending
    unsure = terminal.refund("pay-1", Money(100, EUR), "refund-3", ref)
    assert unsure.outcome is RefundOutcome.UNKNOWN
    assert len(host.state.transactions()) == 3  # never sent again


def test_tcp_transport_sale_and_cancel(sim_factory: Sim, terminal_factory: Build) -> None:
    host = sim_factory("tcp", script=("approve",), step_delay=0.0)
    terminal = terminal_factory(host, "tcp")
    result, _ = _sale(terminal, 1_234)
    assert result.outcome is SaleOutcome.APPROVED  # type: ignore[attr-defined]
    query = terminal.query("pay-1", result.processor_ref)  # type: ignore[attr-defined]
    assert query.outcome is SaleOutcome.APPROVED


def test_the_currency_comes_from_configuration(sim_factory: Sim,
                                               terminal_factory: Build) -> None:
    host = sim_factory()
    terminal = terminal_factory(host, currency="USD")
    events: list[ProgressEvent] = []
    result = terminal.sale("pay-1", Money(1_000, "USD"), events.append)
    assert result.outcome is SaleOutcome.APPROVED
    assert host.state.transactions()[0].currency == "USD"
    wrong = terminal.sale("pay-2", Money(1_000, "EUR"), events.append)
    assert wrong.outcome is SaleOutcome.NOT_FOUND and "USD" in wrong.staff_message
