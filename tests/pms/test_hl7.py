"""HL7 v2 postings over MLLP against two real, independently written receivers on 127.0.0.1."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import build_app
from kiosk.domain.money import Money
from kiosk.domain.patient import PatientQuery
from kiosk.domain.payment import PaymentKind, PostingKind, PostingStatus
from kiosk.domain.posting import Posting
from kiosk.ledger.models import OutboxRow
from kiosk.payments.service import PaymentRequest
from kiosk.pms.csv_statements import CsvStatements
from kiosk.pms.hl7 import Dft03Format, Hl7Pms, MllpClient
from kiosk.pms.hl7.message import control_id, dft_p03
from kiosk.ports.pms import PmsBadResponse, PmsRejected, PmsUnavailable
from tests.conftest import make_config, secrets
from tests.pms.csv_export import write_export
from tests.pms.hl7_peers import Hl7apyReceiver, PythonHl7Receiver


@pytest.fixture
def keeper() -> Iterator[PythonHl7Receiver]:
    receiver = PythonHl7Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def closer() -> Iterator[Hl7apyReceiver]:
    receiver = Hl7apyReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path / "statements.csv", datetime.now(UTC))


def hl7_pms(port: int, export: Path, read_timeout_s: float = 5) -> Hl7Pms:
    return Hl7Pms(MllpClient("127.0.0.1", port, 2, read_timeout_s, attempts=3), Dft03Format(),
                  CsvStatements(export))


def posting(patient_id: str = "P000003", cents: int = 2_550,
            kind: PostingKind = PostingKind.PAYMENT) -> Posting:
    payment_id = str(uuid.uuid4())
    return Posting(id=payment_id if kind is PostingKind.PAYMENT else f"rev-{payment_id}",
                   kind=kind, payment_id=payment_id, patient_id=patient_id, amount=Money(cents),
                   method="card", occurred_at=datetime(2026, 11, 2, 15, 4, 5, tzinfo=UTC),
                   terminal_id="kiosk-1", channel="kiosk", card_brand="visa",
                   card_last4="4242", auth_code="A|1^B")


def test_the_message_is_a_dft_p03_an_independent_parser_reads(
        closer: Hl7apyReceiver, export: Path) -> None:
    pms = hl7_pms(closer.port, export)
    sent = posting()
    receipt = pms.post(sent)
    parsed = closer.parsed[control_id(sent.id)]
    assert parsed.msh.msh_9.to_er7() == "DFT^P03^DFT_P03"
    assert parsed.msh.msh_10.value == control_id(sent.id) and len(control_id(sent.id)) <= 20
    assert parsed.pid.pid_3.to_er7().split("^")[0] == "P000003"
    ft1 = parsed.ft1
    assert ft1.ft1_2.value == sent.id  # our payment id
    assert ft1.ft1_6.value == "PY" and ft1.ft1_7.to_er7().startswith("KIOSKPAY")
    assert ft1.ft1_11.to_er7() == "-25.50&USD"  # a payment credits the account
    assert "A\\F\\1\\S\\B" in ft1.ft1_8.to_er7()  # delimiters in data are escaped
    assert receipt.pms_ref == f"HL7 {control_id(sent.id)}"
    pms.close()


def test_sign_convention_and_reversal_code_follow_config() -> None:
    fmt = Dft03Format(payment_sign="positive", transaction_type="CO", payment_code="COPAY")
    payment, _ = dft_p03(posting(cents=1_000), fmt)
    refund, _ = dft_p03(posting(cents=400, kind=PostingKind.REVERSAL), fmt)
    assert "|CO|COPAY^Payment|" in payment and "|10.00&USD" in payment
    assert "|CO|KIOSKREF^Refund|" in refund and "|-4.00&USD" in refund


def test_a_resend_is_byte_identical() -> None:
    sent = posting()
    assert dft_p03(sent, Dft03Format()) == dft_p03(sent, Dft03Format())


def test_a_receiver_that_keeps_the_connection(keeper: PythonHl7Receiver, export: Path) -> None:
    pms = hl7_pms(keeper.port, export)
    sent = [posting() for _ in range(5)]
    for item in sent:
        assert pms.post(item).pms_ref
    assert keeper.connections == 1 and pms.link.reconnects == 0
    assert sorted(keeper.recorded) == sorted(control_id(p.id) for p in sent)
    pms.close()


def test_a_receiver_that_closes_after_each_message_gets_each_once(
        closer: Hl7apyReceiver, export: Path) -> None:
    pms = hl7_pms(closer.port, export)
    sent = [posting() for _ in range(5)]
    for item in sent:
        assert pms.post(item).pms_ref
    # every message after the first met a closed socket, reconnected and was sent again
    assert sorted(closer.received) == sorted(control_id(p.id) for p in sent)
    assert pms.link.reconnects == 4 and pms.link.sends == 9
    pms.close()


@pytest.mark.parametrize("misbehaviour", ["drop_before", "drop_after"])
def test_a_dropped_connection_resends_the_same_message(
        keeper: PythonHl7Receiver, export: Path, misbehaviour: str) -> None:
    pms = hl7_pms(keeper.port, export)
    keeper.script = [misbehaviour]
    sent = posting()
    assert pms.post(sent).pms_ref
    assert keeper.received == [control_id(sent.id)] * 2
    assert list(keeper.recorded) == [control_id(sent.id)]  # recorded once
    assert keeper.duplicates == (1 if misbehaviour == "drop_after" else 0)
    pms.close()


def test_refusals_name_the_reason(keeper: PythonHl7Receiver, export: Path) -> None:
    pms = hl7_pms(keeper.port, export)
    keeper.refuse = {"P000009": ("AE", "account closed"), "P000010": ("AR", "unknown patient")}
    with pytest.raises(PmsRejected, match="HL7 AE: account closed"):
        pms.post(posting("P000009"))
    with pytest.raises(PmsRejected, match="HL7 AR: unknown patient"):
        pms.post(posting("P000010"))
    assert pms.post(posting("P000003")).pms_ref  # the link is still good
    pms.close()


def test_an_ack_for_another_message_is_not_trusted(keeper: PythonHl7Receiver,
                                                   export: Path) -> None:
    pms = hl7_pms(keeper.port, export)
    keeper.script = ["wrong_id"]
    with pytest.raises(PmsBadResponse, match="MSA-2"):
        pms.post(posting())
    pms.close()


def test_silence_is_a_timeout_not_a_hang(keeper: PythonHl7Receiver, export: Path) -> None:
    pms = hl7_pms(keeper.port, export, read_timeout_s=0.5)
    keeper.script = ["silent"]
    started = time.monotonic()
    with pytest.raises(PmsUnavailable, match="did not acknowledge"):
        pms.post(posting())
    assert time.monotonic() - started < 3
    pms.close()


def test_nobody_listening_is_unavailable(export: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pms = hl7_pms(port, export)
    with pytest.raises(PmsUnavailable, match="unreachable"):
        pms.post(posting())
    health = pms.health()
    assert not health.ok and "unreachable" in health.detail


def test_sync_drains_to_hl7_with_csv_balances(keeper: PythonHl7Receiver, export: Path,
                                               tmp_path: Path) -> None:
    keeper.refuse = {"P000009": ("AE", "account closed in the PMS")}
    config = make_config(tmp_path / "data", pms={
        "kind": "hl7", "hl7": {"host": "127.0.0.1", "port": keeper.port, "read_timeout_s": 5},
        "csv": {"path": str(export)}})
    app = build_app(config, secrets=secrets())
    try:
        assert app.pms.health().ok, app.pms.health().detail
        ids = []
        for patient_id in ("P000003", "P000009", "P000010"):
            statement = app.pms.statement(patient_id)
            payment_id = app.payments.start(PaymentRequest(
                patient_id=patient_id, display_name="Test P.", amount=Money(1_000),
                statement_balance=statement.total_due, kind=PaymentKind.BALANCE))
            assert app.payments.authorize(payment_id).approved
            ids.append(payment_id)
        keeper.script = ["drop_after"]  # the first ACK is lost: resent, recorded once
        report = app.sync.drain_once()
        assert report.posted == 2 and report.rejected == 1 and not report.failed
        with app.ledger.read() as session:
            rows = {r.payment_id: r for r in session.query(OutboxRow)}
        assert rows[ids[1]].status == PostingStatus.ATTENTION.value
        assert "account closed" in rows[ids[1]].last_error
        assert sorted(keeper.recorded) == sorted(control_id(i) for i in (ids[0], ids[2]))
    finally:
        app.close()


def test_hl7_with_fhir_balances(keeper: PythonHl7Receiver, fhir_peer: Any,
                                tmp_path: Path) -> None:
    from tests.pms.conftest import fhir_config, secrets_with_fhir

    pms_config = fhir_config(fhir_peer)
    pms_config.update({"kind": "hl7", "hl7": {"host": "127.0.0.1", "port": keeper.port,
                                              "balances": "fhir"}})
    app = build_app(make_config(tmp_path / "data", pms=pms_config),
                    secrets=secrets_with_fhir())
    try:
        assert isinstance(app.pms, Hl7Pms)
        found = app.pms.find_patients(PatientQuery("Nunez", date(1972, 7, 4)))
        assert [p.id for p in found] == ["P000003"]
        assert app.pms.statement("P000003").total_due.cents > 0
        assert app.pms.post(posting("P000003")).pms_ref.startswith("HL7 ")
        assert "FHIR R4" in app.pms.health().detail
    finally:
        app.close()
