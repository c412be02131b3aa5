"""A shared ledger's URL never holds its password: that is the ledger_password secret."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kiosk.app import with_ledger_password
from kiosk.config.schema import LedgerConfig
from kiosk.secrets import SecretStore

STORE = SecretStore({"KIOSK_SECRET_LEDGER_PASSWORD": "p@ss/w"}, use_keyring=False)


def test_the_secret_is_added_to_a_server_url_with_a_user() -> None:
    url = with_ledger_password("postgresql+psycopg://kiosk@db:5432/ledger", STORE)
    assert url == "postgresql+psycopg://kiosk:p%40ss%2Fw@db:5432/ledger"


@pytest.mark.parametrize("url", ["sqlite+pysqlite:///x.sqlite3",
                                 "postgresql+psycopg://db/ledger"])  # no user: libpq decides
def test_other_urls_are_left_alone(url: str) -> None:
    assert with_ledger_password(url, STORE) == url


@pytest.mark.parametrize(("url", "why"), [
    ("postgresql+psycopg://kiosk:hunter2@db/ledger", "ledger_password secret"),
    ("mysql://kiosk@db/ledger", "sqlite or postgresql"),
    ("not a url", "not a database URL"),
])
def test_the_config_refuses_passwords_and_other_databases(url: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        LedgerConfig(url=url)
