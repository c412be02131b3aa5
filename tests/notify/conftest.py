"""Fixtures for the notice tests: real SMTP and Twilio stand-in servers on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.secrets import SecretStore
from tests.conftest import TEST_AUDIT_KEY
from tests.notify.certs import make_self_signed
from tests.notify.peers import (
    SMTP_PASSWORD,
    SMTP_USER,
    TWILIO_FROM,
    TWILIO_SID,
    TWILIO_TOKEN,
    Record,
    SmtpPeer,
    TwilioPeer,
)

TEST_DATA_KEY = "5a" * 32


def notify_secrets(**extra: str) -> SecretStore:
    values = {"KIOSK_SECRET_AUDIT_KEY": TEST_AUDIT_KEY, "KIOSK_SECRET_DATA_KEY": TEST_DATA_KEY,
              "KIOSK_SECRET_SMTP_PASSWORD": SMTP_PASSWORD,
              "KIOSK_SECRET_TWILIO_AUTH_TOKEN": TWILIO_TOKEN}
    values.update(extra)
    return SecretStore(values, use_keyring=False)


def notify_config(smtp_port: int, twilio_base: str, ca_file: Path, **extra: Any) -> dict[str, Any]:
    """The ``notify`` section for a kiosk that sends through the loopback peers."""
    section: dict[str, Any] = {
        "email": {"kind": "smtp", "smtp": {
            "host": "127.0.0.1", "port": smtp_port, "username": SMTP_USER,
            "from_address": "receipts@clinic.test", "ca_file": str(ca_file), "timeout_s": 5}},
        "sms": {"kind": "twilio", "twilio": {
            "account_sid": TWILIO_SID, "from_number": TWILIO_FROM, "api_base": twilio_base,
            "timeout_s": 5}},
        "backoff_initial_ms": 1, "backoff_max_ms": 5, "interval_s": 1,
    }
    section.update(extra)
    return section


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def record(tmp_path: Path) -> Record:
    return Record(tmp_path / "peers.sqlite3")


@pytest.fixture
def smtp_peer(record: Record, tls_files: tuple[Path, Path]) -> Iterator[SmtpPeer]:
    peer = SmtpPeer(record, *tls_files).start()
    yield peer
    peer.stop()


@pytest.fixture
def twilio_peer(record: Record) -> Iterator[TwilioPeer]:
    peer = TwilioPeer(record).start()
    yield peer
    peer.stop()


@pytest.fixture
def notify_app(data_dir: Path, smtp_peer: SmtpPeer, twilio_peer: TwilioPeer,
               tls_files: tuple[Path, Path]) -> Iterator[Any]:
    """Build demo kiosks whose notices go to the loopback SMTP server and Twilio stand-in."""
    from kiosk.app import App, build_app
    from tests.conftest import make_config

    apps: list[App] = []

    def build(secrets: SecretStore | None = None, **notify: Any) -> App:
        config = make_config(data_dir, clinic={
            "name": "Riverside Family Clinic", "address": "1200 W Lake St\nChicago, IL 60607",
            "portal_url": "https://portal.example.org/pay"},
            notify=notify_config(smtp_peer.port, twilio_peer.base, tls_files[0], **notify))
        app = build_app(config, secrets=secrets or notify_secrets())
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.close()


def paid(app: Any, key: str = "accents", cents: int = 2_500) -> str:
    """A captured card payment of the showcase patient; returns its id."""
    from tests.helpers import find, request

    payment_id: str = app.payments.start(request(app, find(app, key), cents))
    assert app.payments.authorize(payment_id).approved
    return payment_id
