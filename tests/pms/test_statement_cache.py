"""The encrypted statement cache: look-ups while the PMS is down, "as of", and no PHI in clear."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import App, build_app
from kiosk.domain.money import Money
from kiosk.domain.patient import PatientQuery
from kiosk.domain.payment import PaymentKind
from kiosk.lookup.service import LookupOutcome
from kiosk.payments.service import PaymentRequest
from kiosk.pms.cached import CachedPms
from kiosk.pms.demo import SHOWCASE, DemoPms
from kiosk.pms.statement_cache import StatementCache
from kiosk.ports.pms import PmsUnavailable
from tests.conftest import make_config
from tests.pms.conftest import fhir_config, secrets_with_fhir
from tests.pms.fhir_peer import FhirPeer

SHOW = {s.key: s for s in SHOWCASE}
NUNEZ = SHOW["accents"]


def cached_fhir_app(data_dir: Path, peer: FhirPeer, data_key: str = "ab" * 32) -> App:
    pms = fhir_config(peer) | {"cache": {"enabled": True, "max_age_hours": 24}}
    return build_app(make_config(data_dir, pms=pms), secrets=secrets_with_fhir(data_key))


def test_statements_are_served_from_the_cache_while_the_pms_is_down_and_no_name_is_in_clear(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    peer = FhirPeer(tmp_path / "peer", seed_patients=300).start()
    data_dir = tmp_path / "data"
    app = cached_fhir_app(data_dir, peer)
    try:
        assert isinstance(app.pms, CachedPms)
        online = app.lookup.find(PatientQuery("Nunez", NUNEZ.birthdate))
        assert online.outcome is LookupOutcome.MATCH and online.patient is not None
        fresh = app.lookup.statement(online.patient)
        assert not fresh.from_cache
        app.pms.find_by_statement_code(fresh.statement_code)

        peer.kill()  # the PMS is gone
        offline = app.lookup.find(PatientQuery("NUNEZ", NUNEZ.birthdate))
        assert offline.outcome is LookupOutcome.MATCH and offline.patient == online.patient
        cached = app.lookup.statement(offline.patient)  # type: ignore[arg-type]
        assert cached.from_cache and cached.as_of == fresh.as_of  # screens say "as of"
        assert cached.total_due == fresh.total_due and cached.lines == fresh.lines
        assert app.pms.find_by_statement_code(fresh.statement_code.lower()) == online.patient
        # a search the cache never saw is "unavailable", never "no match"
        unseen = app.lookup.find(PatientQuery("Garcia", SHOW["twin_a"].birthdate))
        assert unseen.outcome is LookupOutcome.UNAVAILABLE
        # payments are still taken against the cached balance
        payment_id = app.payments.start(PaymentRequest(
            patient_id=offline.patient.id, display_name=offline.patient.display_name,  # type: ignore[union-attr]
            amount=Money(1_000), statement_balance=cached.total_due, kind=PaymentKind.BALANCE))
        assert app.payments.authorize(payment_id).approved
    finally:
        app.close()
        peer.stop()
    secrets_in_clear = [NUNEZ.family, "Nunez", "NUNEZ", NUNEZ.given, NUNEZ.birthdate.isoformat(),
                        NUNEZ.phone, NUNEZ.postal_code, fresh.statement_code,
                        fresh.lines[0].description]
    cache_files = [p for p in data_dir.iterdir() if p.name.startswith("statement-cache")]
    assert cache_files
    for path in cache_files:
        raw = path.read_bytes()
        for text in secrets_in_clear:
            for encoding in ("utf-8", "utf-16-le"):
                assert text.encode(encoding) not in raw, (path.name, text)
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert "statement served from the cache" in logged  # the log was really captured
    for text in secrets_in_clear[:-2]:
        assert text not in logged, text


def demo_cached(tmp_path: Path, key: bytes = b"k" * 32, max_age_h: int = 24,
                clock: Any = None) -> tuple[DemoPms, CachedPms]:
    demo = DemoPms(tmp_path / "demo.sqlite3")
    cache = StatementCache(tmp_path / "cache.sqlite3", key, timedelta(hours=max_age_h))
    return demo, CachedPms(demo, cache, clock or (lambda: datetime.now(UTC)))


def test_twins_stay_twins_offline(tmp_path: Path) -> None:
    demo, pms = demo_cached(tmp_path)
    twin = SHOW["twin_a"]
    assert len(pms.find_patients(PatientQuery("Garcia", twin.birthdate))) == 2
    # online, the narrowed question does not overwrite the full answer
    assert len(pms.find_patients(PatientQuery("Garcia", twin.birthdate, "60614"))) == 1
    demo.faults.set("down")
    assert len(pms.find_patients(PatientQuery("GARCÍA", twin.birthdate))) == 2
    assert [p.postal_code for p in pms.find_patients(
        PatientQuery("Garcia", twin.birthdate, "60601"))] == ["60601"]


def test_old_entries_and_other_keys_are_not_served(tmp_path: Path) -> None:
    now = [datetime(2026, 11, 2, 9, 0, tzinfo=UTC)]
    demo, pms = demo_cached(tmp_path, max_age_h=2, clock=lambda: now[0])
    patient = pms.find_patients(PatientQuery("Nunez", NUNEZ.birthdate))[0]
    pms.statement(patient.id)
    demo.faults.set("down")
    now[0] += timedelta(hours=1)
    assert pms.statement(patient.id).from_cache
    now[0] += timedelta(hours=2)  # past the maximum age
    with pytest.raises(PmsUnavailable):
        pms.statement(patient.id)
    with pytest.raises(PmsUnavailable):
        pms.find_patients(PatientQuery("Nunez", NUNEZ.birthdate))
    # another key (a rotated or foreign one) opens nothing
    other = CachedPms(demo, StatementCache(tmp_path / "cache.sqlite3", b"x" * 32,
                                           timedelta(hours=24)))
    with pytest.raises(PmsUnavailable):
        other.statement(patient.id)


def test_a_posting_that_lands_drops_the_cached_balance(tmp_path: Path) -> None:
    """Else the cached balance, which does not count it, could be paid a second time."""
    demo, pms = demo_cached(tmp_path)
    patient = pms.find_patients(PatientQuery("Nunez", NUNEZ.birthdate))[0]
    pms.statement(patient.id)
    from tests.pms.test_contract import posting

    assert pms.post_many([posting(patient.id)])[0]
    demo.faults.set("down")
    with pytest.raises(PmsUnavailable):
        pms.statement(patient.id)


def test_the_cache_is_off_unless_configured(tmp_path: Path) -> None:
    from tests.conftest import secrets

    app = build_app(make_config(tmp_path / "data"), secrets=secrets())
    try:
        assert isinstance(app.pms, DemoPms)
    finally:
        app.close()
    assert not list((tmp_path / "data").glob("statement-cache*"))


def test_rejections_are_not_answered_from_the_cache(tmp_path: Path) -> None:
    demo, pms = demo_cached(tmp_path)
    with pytest.raises(Exception, match="no such patient"):
        pms.statement("P999999")
    demo.faults.set("down")
    with pytest.raises(PmsUnavailable):
        pms.statement("P999999")
