"""TLS verification stays on: a private CA is trusted only when configured, never skipped."""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.domain.patient import PatientQuery
from kiosk.pms.fhir import FhirEndpoint, FhirPms
from kiosk.ports.pms import PmsUnavailable
from tests.pms.fhir_peer import CLIENT_ID, CLIENT_SECRET, FhirPeer


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_ca_and_server(folder: Path) -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key) for 127.0.0.1, as PEM files."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("ClinicPay test CA"))
          .issuer_name(_name("ClinicPay test CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now)
          .not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "ca.pem", folder / "server.pem", folder / "server-key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


def test_https_with_a_private_ca(tmp_path: Path) -> None:
    ca, cert, key = make_ca_and_server(tmp_path / "tls")
    peer = FhirPeer(tmp_path / "peer", seed_patients=300, tls=(cert, key)).start()
    try:
        endpoint = FhirEndpoint(peer.base_url, peer.token_url, CLIENT_ID, CLIENT_SECRET,
                                ca_file=str(ca))
        trusting = FhirPms(endpoint, identifier_system="urn:x")
        assert trusting.health().ok
        assert trusting.find_patients(PatientQuery("Nunez", dt.date(1972, 7, 4)))
        trusting.close()

        untrusting = FhirPms(FhirEndpoint(peer.base_url, peer.token_url, CLIENT_ID,
                                          CLIENT_SECRET), identifier_system="urn:x")
        with pytest.raises(PmsUnavailable, match="TLS certificate not trusted"):
            untrusting.find_patients(PatientQuery("Nunez", dt.date(1972, 7, 4)))
        assert "TLS certificate not trusted" in untrusting.health().detail
        untrusting.close()
    finally:
        peer.stop()
