"""The embedded demo PMS: a deterministic clinic with every awkward case, and faults."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.domain.money import Money
from kiosk.domain.patient import PatientQuery
from kiosk.domain.payment import PostingKind
from kiosk.domain.posting import Posting
from kiosk.names import normalise_name
from kiosk.pms.demo import SHOWCASE, DemoPms, generate_clinic
from kiosk.ports.pms import PmsBadResponse, PmsRejected, PmsUnavailable


@pytest.fixture
def pms(tmp_path: Path) -> DemoPms:
    return DemoPms(tmp_path / "pms.sqlite3")


def test_same_seed_same_clinic_other_seed_other_clinic() -> None:
    a, b, c = generate_clinic(7, 300), generate_clinic(7, 300), generate_clinic(8, 300)
    assert [(p.family, p.birthdate, p.balance) for p in a] == \
           [(p.family, p.birthdate, p.balance) for p in b]
    assert [p.balance for p in a] != [p.balance for p in c]


def test_the_clinic_has_every_case_a_kiosk_must_handle() -> None:
    clinic = generate_clinic(20261127, 320)
    assert len(clinic) >= 300
    balances = [p.balance for p in clinic]
    assert sum(b == 0 for b in balances) >= 10  # zero balances
    assert sum(b < 0 for b in balances) >= 3  # credit balances
    assert sum(1 for p in clinic if p.payments and p.balance > 0) >= 10  # partly paid
    assert all(len({ln.date_of_service for ln in p.lines}) >= 2 for p in clinic)  # several visits
    assert sum(1 for p in clinic for ln in p.lines if ln.insurance_paid) > 300
    assert sum(1 for p in clinic for ln in p.lines if ln.adjustment) > 100
    families = {p.family for p in clinic}
    assert any("-" in f for f in families) and any("'" in f for f in families)
    assert any(" " in f for f in families)  # two-part surnames
    assert any(normalise_name(f) != f.casefold().replace(" ", "") for f in families)  # accents
    twins = Counter((normalise_name(p.family), normalise_name(p.given), p.birthdate)
                    for p in clinic)
    assert max(twins.values()) >= 2
    for line in (line for p in clinic for line in p.lines):
        assert line.patient_responsibility >= 0
    assert len({p.statement_code for p in clinic}) == len(clinic)


def test_twins_are_told_apart_by_zip_and_phone(pms: DemoPms) -> None:
    twin = SHOWCASE[0]
    both = pms.find_patients(PatientQuery("Garcia", twin.birthdate))
    assert len(both) == 2
    by_zip = pms.find_patients(PatientQuery("garcia", twin.birthdate, postal_code="60614"))
    assert [p.postal_code for p in by_zip] == ["60614"]
    by_phone = pms.find_patients(PatientQuery("GARCIA", twin.birthdate, phone_last4="0134"))
    assert [p.phone_last4 for p in by_phone] == ["0134"]


def test_statement_adds_up(pms: DemoPms) -> None:
    who = SHOWCASE[3]  # partly paid
    patient = pms.find_patients(PatientQuery("OBrien", who.birthdate))[0]
    statement = pms.statement(patient.id)
    assert statement.payments
    assert statement.total_due == statement.total_patient_responsibility - statement.total_paid
    for line in statement.lines:
        assert line.patient_responsibility == line.charge - line.insurance_paid - line.adjustment


def test_statement_code_lookup(pms: DemoPms) -> None:
    patient = pms.find_patients(PatientQuery("Nunez", SHOWCASE[2].birthdate))[0]
    code = pms.statement(patient.id).statement_code
    assert pms.find_by_statement_code(code.lower()) == patient
    assert pms.find_by_statement_code(f" {code[:5]}-{code[5:]} ") == patient
    assert pms.find_by_statement_code("STNOTACODE") is None
    assert pms.find_by_statement_code("") is None


def posting(patient_id: str, payment_id: str = "pay-1", kind: PostingKind = PostingKind.PAYMENT,
            cents: int = 1_000) -> Posting:
    return Posting(id=payment_id if kind is PostingKind.PAYMENT else f"rev-{payment_id}",
                   kind=kind, payment_id=payment_id, patient_id=patient_id,
                   amount=Money(cents), method="card", occurred_at=datetime.now(UTC),
                   terminal_id="k1", channel="kiosk", card_brand="visa", card_last4="4242")


def test_posting_is_idempotent_on_its_id(pms: DemoPms) -> None:
    patient = pms.find_patients(PatientQuery("Nunez", SHOWCASE[2].birthdate))[0]
    before = pms.statement(patient.id).total_due
    first = pms.post(posting(patient.id))
    again = pms.post(posting(patient.id))
    assert not first.duplicate and again.duplicate and first.pms_ref == again.pms_ref
    assert pms.server.posting_counts() == {"pay-1": 1}
    assert pms.statement(patient.id).total_due == before - Money(1_000)
    pms.post(posting(patient.id, kind=PostingKind.REVERSAL, cents=400))
    assert pms.statement(patient.id).total_due == before - Money(600)


def test_rejections(pms: DemoPms) -> None:
    closed = pms.find_patients(PatientQuery("Wright", SHOWCASE[8].birthdate))[0]
    with pytest.raises(PmsRejected, match="closed"):
        pms.post(posting(closed.id))
    with pytest.raises(PmsRejected, match="unknown patient"):
        pms.post(posting("P999999"))
    with pytest.raises(PmsRejected, match="reversal"):
        open_account = pms.find_patients(PatientQuery("Nunez", SHOWCASE[2].birthdate))[0]
        pms.post(posting(open_account.id, payment_id="never", kind=PostingKind.REVERSAL))


@pytest.mark.parametrize(("fault", "error"), [
    ("down", PmsUnavailable), ("error", PmsUnavailable),
])
def test_faults(pms: DemoPms, fault: str, error: type[Exception]) -> None:
    pms.faults.set(fault)
    with pytest.raises(error):
        pms.find_patients(PatientQuery("Nunez", SHOWCASE[2].birthdate))
    assert not pms.health().ok


def test_garbage_is_refused_with_a_clear_reason_every_time(pms: DemoPms) -> None:
    patient = pms.find_patients(PatientQuery("Nunez", SHOWCASE[2].birthdate))[0]
    pms.faults.set("garbage")
    reasons = set()
    for _ in range(40):
        with pytest.raises(PmsBadResponse) as refused:
            pms.statement(patient.id)
        reasons.add(str(refused.value))
    assert len(reasons) >= 3
    assert all(reason and "Traceback" not in reason for reason in reasons)


def test_slow_is_slow(tmp_path: Path) -> None:
    import time

    pms = DemoPms(tmp_path / "p.sqlite3", latency_ms=150)
    started = time.monotonic()
    pms.health()
    assert time.monotonic() - started >= 0.15


def test_regenerated_only_when_the_seed_changes(tmp_path: Path) -> None:
    path = tmp_path / "pms.sqlite3"
    pms = DemoPms(path, seed=1)
    patient_id = pms.find_patients(PatientQuery("Nunez", SHOWCASE[2].birthdate))[0].id
    pms.post(posting(patient_id))
    assert DemoPms(path, seed=1).server.posting_counts() == {"pay-1": 1}  # kept
    assert DemoPms(path, seed=2).server.posting_counts() == {}  # a new clinic


def test_a_corrupt_file_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "pms.sqlite3"
    path.write_bytes(b"not a database at all")
    assert DemoPms(path).health().ok
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM patients").fetchone()[0] == 320


def test_impossible_statement_data_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pms.sqlite3"
    pms = DemoPms(path)
    patient = pms.find_patients(PatientQuery("Nunez", SHOWCASE[2].birthdate))[0]
    db = sqlite3.connect(path)
    db.execute("UPDATE lines SET date_of_service = '2199-01-01' WHERE patient_id = ?",
               (patient.id,))
    db.commit()
    with pytest.raises(PmsBadResponse, match="impossible date"):
        pms.statement(patient.id)
    db.execute("UPDATE lines SET date_of_service = '2026-01-01', insurance_paid = -5 "
               "WHERE patient_id = ?", (patient.id,))
    db.commit()
    with pytest.raises(PmsBadResponse, match="negative"):
        pms.statement(patient.id)
    assert date(2026, 1, 1)  # the dates above are real dates, only implausible ones fail
