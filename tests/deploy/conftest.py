"""Fixtures for the deployment tests; the notice peers (real SMTP on loopback) are shared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.notify.conftest import (  # noqa: F401 - fixtures, found by name
    notify_config,
    notify_secrets,
    record,
    smtp_peer,
    tls_files,
    twilio_peer,
)
from tests.notify.peers import SmtpPeer, TwilioPeer


@pytest.fixture
def it_app(data_dir: Path, smtp_peer: SmtpPeer, twilio_peer: TwilioPeer,  # noqa: F811
           tls_files: tuple[Path, Path]) -> Iterator[Any]:  # noqa: F811
    """Demo kiosks whose email goes to the loopback SMTP server; ``health`` as given."""
    from kiosk.app import App, build_app
    from tests.conftest import make_config

    apps: list[App] = []

    def build(**health: Any) -> App:
        config = make_config(data_dir, health=health, notify=notify_config(
            smtp_peer.port, twilio_peer.base, tls_files[0]))
        app = build_app(config, secrets=notify_secrets())
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.close()
