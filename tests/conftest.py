"""Shared fixtures: a real ledger file, the real demo PMS and the simulated devices.

Nothing here mocks our own code: tests run the core against real SQLite
files in a temporary folder, with the simulators that ship in the product.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import App, build_app
from kiosk.config.schema import Config
from kiosk.secrets import SecretStore

TEST_AUDIT_KEY = "test-audit-key-0123456789abcdef"
REPO = Path(__file__).resolve().parent.parent


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def demo_config_dict(data_dir: Path, **overrides: Any) -> dict[str, Any]:
    """A demo config with every delay at zero, in ``data_dir``."""
    base: dict[str, Any] = {
        "mode": "demo",
        "terminal_id": "test-kiosk",
        "data_dir": str(data_dir),
        "clinic": {"name": "Test Clinic", "timezone": "America/Chicago",
                   "allow_copay": True},
        "pms": {"kind": "demo", "demo": {"latency_ms": 0}},
        "terminal": {"kind": "simulated", "simulated": {"step_delay_ms": 0}},
        "sync": {"backoff_initial_ms": 1, "backoff_max_ms": 5},
    }
    return _merge(base, overrides)


def make_config(data_dir: Path, **overrides: Any) -> Config:
    return Config.model_validate(demo_config_dict(data_dir, **overrides))


def secrets() -> SecretStore:
    return SecretStore({"KIOSK_SECRET_AUDIT_KEY": TEST_AUDIT_KEY}, use_keyring=False)


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read the developer's KIOSK_* variables or site config."""
    for name in list(os.environ):
        if name.startswith("KIOSK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KIOSK_SITE_CONFIG_DIR", "/nonexistent/clinicpay-site-config")


@pytest.fixture(autouse=True)
def _logging_as_it_was() -> Iterator[None]:
    """A test that runs ``kiosk`` in-process (or starts a KioskRuntime) sets our loggers'
    levels and adds redacting handlers; the next test gets logging back as it was, or a
    test asserting on a log line would depend on the order the tests ran in."""
    import logging
    import warnings

    from kiosk.logs.setup import _ROLE, OWN_LOGGERS

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    own = {name: logging.getLogger(name).level for name in OWN_LOGGERS}
    showwarning = warnings.showwarning
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        if getattr(handler, _ROLE, None):  # ours, not pytest's capture
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    for name, was in own.items():
        logging.getLogger(name).setLevel(was)
    warnings.showwarning = showwarning


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def app_factory(data_dir: Path) -> Iterator[Any]:
    apps: list[App] = []

    def factory(**overrides: Any) -> App:
        app = build_app(make_config(data_dir, **overrides), secrets=secrets())
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.close()


@pytest.fixture
def app(app_factory: Any) -> App:
    built: App = app_factory()
    return built


# -- issue 8: a real PostgreSQL server for the shared-ledger tests ---------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Any]:
    """Started once per test run (about two seconds), stopped at the end."""
    from tests.pg_server import PostgresServer

    server = PostgresServer()
    try:
        server.start()
        server.make_template()
    except BaseException:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture(scope="session")
def demo_pms_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo clinic generated once per run; tests/backends.py copies it (~0.2 s a test)."""
    from kiosk.pms.demo import DemoPms

    path = tmp_path_factory.mktemp("demo-pms") / "demo-pms.sqlite3"
    DemoPms(path).close()
    return path
