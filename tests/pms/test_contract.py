"""One contract for every PMS adapter: the embedded demo PMS and the FHIR adapter alike.

The FHIR adapter runs against Medplum's FHIR engine on 127.0.0.1, seeded with
the same generated clinic as the demo PMS, so both must give the same answers.
(The HL7 adapter's postings run the posting part of this contract in
test_hl7.py; its look-ups are the CSV or FHIR source's.)
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.money import Money
from kiosk.domain.patient import PatientQuery
from kiosk.domain.payment import PostingKind
from kiosk.domain.posting import Posting
from kiosk.pms.demo import SHOWCASE, DemoPms
from kiosk.pms.fhir import FhirEndpoint, FhirPms
from kiosk.ports.pms import Pms, PmsRejected, PmsUnavailable
from tests.pms.conftest import fhir_pms_for
from tests.pms.fhir_peer import FhirPeer

SHOW = {s.key: s for s in SHOWCASE}


@pytest.fixture(params=["demo", "fhir"])
def pms(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Pms]:
    adapter: Pms
    if request.param == "demo":
        adapter = DemoPms(tmp_path / "demo-pms.sqlite3")
    else:
        adapter = fhir_pms_for(request.getfixturevalue("fhir_peer"))
    yield adapter
    adapter.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> DemoPms:
    """The demo PMS as the reference both adapters must agree with."""
    return DemoPms(tmp_path_factory.mktemp("reference") / "demo-pms.sqlite3")


def posting(patient_id: str, cents: int = 1_000, kind: PostingKind = PostingKind.PAYMENT,
            payment_id: str | None = None) -> Posting:
    payment_id = payment_id or str(uuid.uuid4())
    return Posting(id=payment_id if kind is PostingKind.PAYMENT else f"rev-{payment_id}",
                   kind=kind, payment_id=payment_id, patient_id=patient_id,
                   amount=Money(cents), method="card", occurred_at=datetime.now(UTC),
                   terminal_id="k1", channel="kiosk", card_brand="visa", card_last4="4242",
                   auth_code="A1B2C3", processor_ref="pi_test")


def only(pms: Pms, family: str, key: str, **extra: Any) -> str:
    found = pms.find_patients(PatientQuery(family, SHOW[key].birthdate, **extra))
    assert len(found) == 1, found
    return found[0].id


def test_twins_need_a_zip_or_phone(pms: Pms) -> None:
    twin = SHOW["twin_a"]
    assert len(pms.find_patients(PatientQuery("Garcia", twin.birthdate))) == 2
    by_zip = pms.find_patients(PatientQuery("GARCÍA", twin.birthdate, postal_code="60614"))
    assert [p.postal_code for p in by_zip] == ["60614"]
    by_phone = pms.find_patients(PatientQuery("garcia", twin.birthdate, phone_last4="0134"))
    assert [p.phone_last4 for p in by_phone] == ["0134"]


@pytest.mark.parametrize(("typed", "key", "family"), [
    ("Nunez", "accents", "Núñez"), ("OBrien", "apostrophe", "O'Brien"),
    ("o'brien", "apostrophe", "O'Brien"), ("Garcia", "two_part", "García López"),
    ("garcia lopez", "two_part", "García López"), ("Lopez", "two_part", "García López"),
    ("Smith Jones", "hyphen", "Smith-Jones"), ("Jones", "hyphen", "Smith-Jones"),
])
def test_names_match_after_the_one_normalisation(pms: Pms, typed: str, key: str,
                                                 family: str) -> None:
    found = pms.find_patients(PatientQuery(typed, SHOW[key].birthdate))
    assert [p.family for p in found] == [family]
    assert found[0].display_name.endswith(f"{family[0]}.")


def test_nothing_without_the_right_birth_date_or_name(pms: Pms) -> None:
    who = SHOW["accents"]
    assert pms.find_patients(PatientQuery("Nunez", who.birthdate + timedelta(days=1))) == []
    assert pms.find_patients(PatientQuery("Nun", who.birthdate)) == []  # no partial names
    assert pms.find_patients(PatientQuery("N", who.birthdate)) == []


def test_statement_code_finds_one_patient(pms: Pms) -> None:
    patient_id = only(pms, "Nunez", "accents")
    code = pms.statement(patient_id).statement_code
    assert code
    assert pms.find_by_statement_code(code.lower()).id == patient_id  # type: ignore[union-attr]
    assert pms.find_by_statement_code(f" {code[:5]}-{code[5:]} ").id == patient_id  # type: ignore[union-attr]
    assert pms.find_by_statement_code("STNOTACODE") is None
    assert pms.find_by_statement_code("") is None


@pytest.mark.parametrize("key", ["accents", "twin_a", "apostrophe", "two_part", "zero",
                                 "credit"])
def test_statement_agrees_with_the_reference_clinic(pms: Pms, reference: DemoPms,
                                                    key: str) -> None:
    who = SHOW[key]
    patient_id = only(pms, who.family, key, postal_code=who.postal_code)
    statement = pms.statement(patient_id)
    expected = reference.statement(patient_id)
    assert statement.total_due == expected.total_due
    assert statement.currency == "USD" and not statement.from_cache
    assert abs(statement.as_of - datetime.now(UTC)) < timedelta(minutes=1)
    for line in statement.lines:
        assert line.patient_responsibility == \
            line.charge - line.insurance_paid - line.adjustment
    if statement.lines:  # FHIR lists open invoices only; paid-up visits are not "owed"
        assert sorted((ln.date_of_service, ln.charge, ln.insurance_paid, ln.adjustment)
                      for ln in statement.lines) == \
            sorted((ln.date_of_service, ln.charge, ln.insurance_paid, ln.adjustment)
                   for ln in expected.lines)
    if key == "credit":
        assert statement.has_credit


def test_posting_is_idempotent_on_its_id(pms: Pms) -> None:
    patient_id = only(pms, "Nunez", "accents")
    sent = posting(patient_id)
    first, again = pms.post(sent), pms.post(sent)
    assert not first.duplicate and again.duplicate
    assert first.pms_ref == again.pms_ref and first.pms_ref


def test_a_reversal_after_its_payment(pms: Pms) -> None:
    patient_id = only(pms, "Nunez", "accents")
    payment = posting(patient_id, 2_000)
    pms.post(payment)
    receipt = pms.post(posting(patient_id, 500, PostingKind.REVERSAL, payment.payment_id))
    assert receipt.pms_ref and not receipt.duplicate


def test_rejections_are_for_staff(pms: Pms) -> None:
    with pytest.raises(PmsRejected, match="closed"):
        pms.post(posting(only(pms, "Wright", "closed")))
    with pytest.raises(PmsRejected, match="unknown patient"):
        pms.post(posting("P999999"))


def test_health_says_what_was_checked(pms: Pms) -> None:
    health = pms.health()
    assert health.ok, health.detail
    assert health.detail


def _unreachable(pms: Pms) -> Pms:
    if isinstance(pms, DemoPms):
        pms.faults.set("down")
        return pms
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert isinstance(pms, FhirPms)
    endpoint = FhirEndpoint(f"http://127.0.0.1:{port}/fhir/R4",
                            f"http://127.0.0.1:{port}/oauth2/token", "x", "y",
                            connect_timeout_s=1, read_timeout_s=1)
    return FhirPms(endpoint, identifier_system="urn:x")


def test_an_unreachable_pms_is_unavailable_not_a_no_match(pms: Pms) -> None:
    down = _unreachable(pms)
    with pytest.raises(PmsUnavailable):
        down.find_patients(PatientQuery("Nunez", date(1972, 7, 4)))
    with pytest.raises(PmsUnavailable):
        down.statement("P000003")
    with pytest.raises(PmsUnavailable):
        down.post(posting("P000003"))
    assert not down.health().ok


def test_fhir_peer_is_really_medplum(fhir_peer: FhirPeer) -> None:
    """Guard: the contract above ran against the independent engine, not a stand-in."""
    import httpx

    metadata = httpx.get(f"{fhir_peer.base_url}/metadata").json()
    assert "Medplum" in metadata["software"]["name"]
