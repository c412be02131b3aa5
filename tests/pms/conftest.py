"""Fixtures for the PMS adapter tests: a real FHIR server (Medplum's engine) on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.pms.fhir import FhirEndpoint, FhirPms
from tests.pms.fhir_peer import CLIENT_ID, CLIENT_SECRET, POSTING_SYSTEM, FhirPeer
from tests.pms.fhir_seed import STATEMENT_SYSTEM


@pytest.fixture(scope="session")
def fhir_peer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FhirPeer]:
    """One seeded server for the read-mostly tests (postings use fresh ids per test)."""
    peer = FhirPeer(tmp_path_factory.mktemp("fhir-peer")).start()
    yield peer
    peer.stop()


def fhir_pms_for(peer: FhirPeer, **options: Any) -> FhirPms:
    endpoint = FhirEndpoint(peer.base_url, peer.token_url, CLIENT_ID, CLIENT_SECRET,
                            ca_file=str(peer.tls[0]) if peer.tls else "",
                            connect_timeout_s=2, read_timeout_s=options.pop("read_timeout_s", 30))
    return FhirPms(endpoint, identifier_system=POSTING_SYSTEM,
                   statement_code_system=STATEMENT_SYSTEM, clinic_name="Test Clinic", **options)


@pytest.fixture
def fhir_pms(fhir_peer: FhirPeer) -> Iterator[FhirPms]:
    pms = fhir_pms_for(fhir_peer)
    yield pms
    pms.close()


def fhir_config(peer: FhirPeer) -> dict[str, Any]:
    """The ``pms`` config section for an app wired to this peer."""
    return {"kind": "fhir", "fhir": {
        "base_url": peer.base_url, "token_url": peer.token_url, "client_id": CLIENT_ID,
        "posting_identifier_system": POSTING_SYSTEM, "statement_code_system": STATEMENT_SYSTEM,
        "connect_timeout_s": 2, "read_timeout_s": 60}}


def secrets_with_fhir(data_key: str = "ab" * 32) -> Any:
    from kiosk.secrets import SecretStore
    from tests.conftest import TEST_AUDIT_KEY

    return SecretStore({"KIOSK_SECRET_AUDIT_KEY": TEST_AUDIT_KEY,
                        "KIOSK_SECRET_FHIR_CLIENT_SECRET": CLIENT_SECRET,
                        "KIOSK_SECRET_DATA_KEY": data_key}, use_keyring=False)


@pytest.fixture
def peer_dir(tmp_path: Path) -> Path:
    return tmp_path / "peer"
