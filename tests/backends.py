"""Run a test module on both ledger back ends: SQLite (a file) and a real PostgreSQL.

A module opts in by importing the fixtures, which then override the plain
SQLite ones of ``tests/conftest.py`` for that module only::

    from tests.backends import app_factory, ledger_db_url  # noqa: F401

``app`` (which depends on ``app_factory``) then runs once per back end.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.app import App, build_app
from tests.conftest import make_config, secrets

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def ledger_db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """"" for the default SQLite file in the data folder, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield ""
        return
    server = request.getfixturevalue("postgres_server")
    name = server.new_database()
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture
def app_factory(data_dir: Path, ledger_db_url: str, demo_pms_file: Path) -> Iterator[Any]:
    apps: list[App] = []
    if not (data_dir / "demo-pms.sqlite3").exists():
        shutil.copyfile(demo_pms_file, data_dir / "demo-pms.sqlite3")

    def factory(**overrides: Any) -> App:
        ledger = {"url": ledger_db_url, **overrides.pop("ledger", {})}
        app = build_app(make_config(data_dir, ledger=ledger, **overrides), secrets=secrets())
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.close()


def is_postgres(app: App) -> bool:
    return app.ledger.dialect == "postgresql"
