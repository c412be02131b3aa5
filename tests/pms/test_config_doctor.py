"""The PMS config kinds, the shipped examples, and `kiosk doctor` checking a real PMS."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli.doctor import gather
from kiosk.config import ConfigError, load_config
from kiosk.paths import bundled_config_dir
from tests.conftest import TEST_AUDIT_KEY
from tests.pms.fhir_peer import CLIENT_ID, CLIENT_SECRET, POSTING_SYSTEM, FhirPeer
from tests.pms.hl7_peers import PythonHl7Receiver


@pytest.mark.parametrize("name", ["example-fhir.toml", "example-hl7.toml"])
def test_shipped_examples_are_valid(name: str) -> None:
    # Their [terminal] is left for the clinic, so load them in demo mode to check the rest.
    config = load_config(bundled_config_dir() / name, environ={"KIOSK_MODE": "demo"})
    assert config.pms.kind == name.split("-")[1].split(".")[0]
    assert config.pms.cache.enabled


@pytest.mark.parametrize(("pms", "complaint"), [
    ({"kind": "fhir"}, "base_url is required"),
    ({"kind": "fhir", "fhir": {"base_url": "http://pms.example.org/R4"}}, "https"),
    ({"kind": "fhir", "fhir": {"base_url": "https://x/R4", "token_url": "https://x/t"}},
     "client_id is required"),
    ({"kind": "hl7", "hl7": {"host": "h"}}, "pms.csv.path is required"),
    ({"kind": "hl7", "hl7": {"host": "h", "payment_code": "A|B"}, "csv": {"path": "x"}},
     "pms.hl7.payment_code"),
    ({"kind": "fhir", "fhir": {"base_url": "https://x/R4", "client_secret": "s3cret"}},
     "secret"),
])
def test_bad_pms_config_is_refused_with_the_key(tmp_path: Path, pms: dict[str, object],
                                                complaint: str) -> None:
    lines = ['mode = "demo"', "[pms]"]
    lines += [f'{k} = "{v}"' for k, v in pms.items() if not isinstance(v, dict)]
    for section, values in pms.items():
        if isinstance(values, dict):
            lines.append(f"[pms.{section}]")
            lines += [f'{k} = "{v}"' for k, v in values.items()]
    path = tmp_path / "kiosk.toml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ConfigError, match=complaint):
        load_config(path, environ={})


def _write(path: Path, body: str, data_dir: Path) -> Path:
    path.write_text(f'mode = "demo"\ndata_dir = "{data_dir}"\n'
                    '[terminal.simulated]\nstep_delay_ms = 0\n' + body)
    return path


def test_doctor_checks_the_fhir_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_SECRET_AUDIT_KEY", TEST_AUDIT_KEY)
    monkeypatch.setenv("KIOSK_SECRET_FHIR_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("KIOSK_SECRET_DATA_KEY", "cd" * 32)
    peer = FhirPeer(tmp_path / "peer", seed_patients=300).start()
    try:
        config = _write(tmp_path / "kiosk.toml", f"""
[pms]
kind = "fhir"
[pms.fhir]
base_url = "{peer.base_url}"
token_url = "{peer.token_url}"
client_id = "{CLIENT_ID}"
posting_identifier_system = "{POSTING_SYSTEM}"
connect_timeout_s = 1
[pms.cache]
enabled = true
""", tmp_path / "data")
        checks = {c.name: c for c in gather(str(config))[1]}
        assert checks["pms"].ok, checks["pms"].detail
        assert "FHIR R4 4.0.1" in checks["pms"].detail and "token ok" in checks["pms"].detail
        monkeypatch.setenv("KIOSK_SECRET_FHIR_CLIENT_SECRET", "wrong")
        checks = {c.name: c for c in gather(str(config))[1]}
        assert not checks["pms"].ok and "client credentials" in checks["pms"].detail
        peer.kill()
        checks = {c.name: c for c in gather(str(config))[1]}
        assert not checks["pms"].ok and "unreachable" in checks["pms"].detail
    finally:
        peer.stop()


def test_doctor_checks_the_mllp_connection(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    from tests.pms.csv_export import write_export

    monkeypatch.setenv("KIOSK_SECRET_AUDIT_KEY", TEST_AUDIT_KEY)
    export = write_export(tmp_path / "statements.csv", datetime.now(UTC))
    receiver = PythonHl7Receiver().start()
    try:
        config = _write(tmp_path / "kiosk.toml", f"""
[pms]
kind = "hl7"
[pms.hl7]
host = "127.0.0.1"
port = {receiver.port}
[pms.csv]
path = "{export}"
""", tmp_path / "data")
        checks = {c.name: c for c in gather(str(config))[1]}
        assert checks["pms"].ok, checks["pms"].detail
        assert "accepts connections" in checks["pms"].detail
        assert "320 patients" in checks["pms"].detail
    finally:
        receiver.stop()
    checks = {c.name: c for c in gather(str(config))[1]}
    assert not checks["pms"].ok and "unreachable" in checks["pms"].detail
