"""Fixtures: a Stripe-compatible server on 127.0.0.1 and the real ``stripe`` SDK pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from devices.stripe_terminal import SaleSettings, StripeCheckout, StripeSettings, StripeTerminal
from kiosk.ports.terminal import ProgressEvent
from kiosk.secrets import SecretStore
from tests.conftest import TEST_AUDIT_KEY
from tests.stripe_server import API_KEY, LOCATION_ID, READER_ID, StripeServer
from tests.stripe_server.control import Control


@pytest.fixture
def server() -> Iterator[StripeServer]:
    running = StripeServer().start()
    yield running
    running.stop()


@pytest.fixture
def control(server: StripeServer) -> Control:
    return Control(server.url)


def settings(url: str, **overrides: Any) -> StripeSettings:
    base = {"api_base": url, "connect_timeout_ms": 1_000, "read_timeout_ms": 2_000,
            "max_network_retries": 2}
    base.update(overrides)
    return StripeSettings(**base)


def sale_settings(**overrides: Any) -> SaleSettings:
    base: dict[str, Any] = {"reader_id": READER_ID, "terminal_id": "test-kiosk",
                            "line_item": "Payment toward your statement", "show_cart": True,
                            "timeout_s": 5.0, "poll_interval_s": 0.01, "cancel_grace_s": 2.0}
    base.update(overrides)
    return SaleSettings(**base)


def make_terminal(url: str, key: str | None = API_KEY, sale: dict[str, Any] | None = None,
                  **api: Any) -> StripeTerminal:
    return StripeTerminal(key, settings(url, **api), sale_settings(**(sale or {})),
                          location_id=LOCATION_ID, currency="USD", timezone="America/Chicago",
                          pay_on_phone=True)


@pytest.fixture
def terminal(server: StripeServer) -> Iterator[StripeTerminal]:
    made = make_terminal(server.url)
    yield made
    made.close()


@pytest.fixture
def checkout(server: StripeServer) -> StripeCheckout:
    return StripeCheckout(API_KEY, settings(server.url), "test-kiosk")


class Events(list[ProgressEvent]):
    """A progress callback that remembers what it was told."""

    def __call__(self, event: ProgressEvent) -> None:
        self.append(event)

    def kinds(self) -> list[str]:
        return [e.kind.value for e in self]


def stripe_secrets() -> SecretStore:
    return SecretStore({"KIOSK_SECRET_AUDIT_KEY": TEST_AUDIT_KEY,
                        "KIOSK_SECRET_STRIPE_API_KEY": API_KEY}, use_keyring=False)


def stripe_overrides(url: str, phone: str = "stripe") -> dict[str, Any]:
    """Config overrides for ``tests.conftest.make_config``: Stripe reader and checkout."""
    return {
        "stripe": {"api_base": url, "connect_timeout_ms": 1_000, "read_timeout_ms": 2_000},
        "terminal": {"kind": "stripe", "sale_timeout_s": 10,
                     "stripe": {"reader_id": READER_ID, "location_id": LOCATION_ID,
                                "poll_interval_ms": 10, "cancel_grace_s": 2}},
        "phone": {"kind": phone, "poll_interval_ms": 10},
    }


@pytest.fixture
def stripe_app(data_dir: Any, server: StripeServer) -> Iterator[Any]:
    """Build apps (ledger, demo PMS, Stripe reader and checkout) against the test server."""
    from kiosk.app import App, build_app
    from tests.conftest import _merge, make_config

    apps: list[App] = []

    def factory(**overrides: Any) -> App:
        config = make_config(data_dir, **_merge(stripe_overrides(server.url), overrides))
        app = build_app(config, secrets=stripe_secrets())
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.close()
