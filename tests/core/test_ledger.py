"""The ledger file: durable settings, migrations with a backup, append-only audit."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from kiosk.app import App
from kiosk.ledger.database import make_engine
from kiosk.ledger.migrate import (
    HEAD_REVISION,
    current_revision,
    head_from_scripts,
    upgrade,
    upgrade_if_needed,
)
from kiosk.ledger.models import Base
from tests.backends import app_factory, is_postgres, ledger_db_url  # noqa: F401


def test_sqlite_runs_in_wal_with_full_sync(app: App) -> None:
    if is_postgres(app):
        pytest.skip("SQLite settings")
    with app.ledger.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_ledger_lives_in_the_data_folder(app: App, data_dir: Path) -> None:
    if is_postgres(app):
        pytest.skip("a PostgreSQL ledger lives on its server")
    assert (data_dir / "ledger.sqlite3").exists()


def test_head_constant_matches_alembic() -> None:
    assert head_from_scripts() == HEAD_REVISION


def test_migrations_match_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(f"sqlite:///{tmp_path / 'l.sqlite3'}")
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_start_backs_up_before_migrating(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.begin() as connection:  # pretend this file is one revision behind
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'older'")
        connection.exec_driver_sql("CREATE TABLE marker (x)")
    engine.dispose()
    # An unknown older revision cannot be upgraded, but the backup must exist first.
    engine = make_engine(f"sqlite:///{path}")
    with pytest.raises(Exception):  # noqa: B017 - alembic's own "can't locate revision"
        upgrade_if_needed(engine, backup_dir=tmp_path / "backups")
    engine.dispose()
    backups = list((tmp_path / "backups").glob("ledger.older.*.bak.sqlite3"))
    assert len(backups) == 1
    copy = create_engine(f"sqlite:///{backups[0]}")
    with copy.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() \
            == "older"
    copy.dispose()


def test_up_to_date_ledger_is_not_migrated_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'l.sqlite3'}")
    assert upgrade_if_needed(engine, backup_dir=tmp_path / "b") is True
    assert upgrade_if_needed(engine, backup_dir=tmp_path / "b") is False
    assert current_revision(engine) == HEAD_REVISION
    assert not (tmp_path / "b").exists()  # a fresh file needs no backup


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET action = 'x'",
    "DELETE FROM audit_log",
])
def test_audit_log_is_append_only(app: App, statement: str) -> None:
    with app.ledger.transaction() as tx:
        tx.audit("test", "something.happened")
    with pytest.raises(DBAPIError, match="append-only"), app.ledger.engine.begin() as c:
        c.exec_driver_sql(statement)


def test_money_columns_refuse_nonsense(app: App) -> None:
    with pytest.raises(DBAPIError), app.ledger.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO payments (id, terminal_id, channel, session_ref, patient_id, "
            "display_name, statement_code, kind, method, amount_cents, refunded_cents, "
            "currency, status, attempts, processor, processor_ref, card_brand, card_last4, "
            "auth_code, last_message, created_at, updated_at, version) VALUES ('x','t','k','',"
            "'p','n','','balance','card',-5,0,'USD','created',0,'s','','','','','',"
            "'2026-01-01','2026-01-01',1)"
        )


def test_ledger_holds_no_phi_columns() -> None:
    """Only the PMS id and a masked name: no birth date, no full name, no address."""
    columns = {c.name for table in Base.metadata.tables.values() for c in table.columns}
    for forbidden in ("birthdate", "birth_date", "dob", "family", "given", "address",
                      "phone", "email", "card_number", "pan", "cvv", "track"):
        assert forbidden not in columns


def test_readers_do_not_block_on_writers(app: App) -> None:
    """WAL: a long write transaction does not stop a read (the GUI's status view)."""
    with app.ledger.transaction() as tx:
        tx.audit("test", "write.started")
        with app.ledger.read() as session:
            assert session.execute(text("SELECT COUNT(*) FROM payments")).scalar() == 0




@pytest.mark.postgres
def test_migrations_run_on_postgresql_and_match_the_models(postgres_server: Any) -> None:
    """From an empty database to head, triggers included, and back down to nothing."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    name = postgres_server.new_database(migrated=False)
    engine = make_engine(postgres_server.url(name))
    try:
        assert upgrade_if_needed(engine, backup_dir=None) is True
        assert current_revision(engine) == HEAD_REVISION
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            triggers = set(connection.exec_driver_sql(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass "
                "AND NOT tgisinternal").scalars())
        assert triggers == {"audit_log_no_update", "audit_log_no_delete"}
        from alembic import command
        from alembic.config import Config as AlembicConfig

        from kiosk.ledger.migrate import MIGRATIONS_DIR

        config = AlembicConfig()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with engine.begin() as connection:  # and 0011 comes off again cleanly
            config.attributes["connection"] = connection
            command.downgrade(config, "0001_initial")
        assert current_revision(engine) == "0001_initial"
    finally:
        engine.dispose()
        postgres_server.drop_database(name)


@pytest.mark.postgres
def test_devices_starting_together_migrate_a_shared_ledger_once(postgres_server: Any,
                                                               tmp_path: Path) -> None:
    """Three processes (as three devices) start on an empty shared ledger at once."""
    import subprocess
    import sys
    import time

    name = postgres_server.new_database(migrated=False)
    go = tmp_path / "go"
    script = ("import os, sys, time; import alembic.command; "
              "from kiosk.ledger.database import make_engine; "
              "from kiosk.ledger.migrate import upgrade_if_needed; "
              "engine = make_engine(sys.argv[1]); engine.connect().close()\n"
              "while not os.path.exists(sys.argv[2]): time.sleep(0.002)\n"
              "upgrade_if_needed(engine, backup_dir=None)")
    try:
        runs = [subprocess.Popen([sys.executable, "-c", script, postgres_server.url(name),
                                  str(go)], stderr=subprocess.PIPE, text=True)
                for _ in range(3)]
        time.sleep(3)  # every process imported and connected, waiting for the start
        go.touch()
        failures = [run.communicate(timeout=120)[1] for run in runs if run.wait(120) != 0]
        assert failures == []
        engine = make_engine(postgres_server.url(name))
        assert current_revision(engine) == HEAD_REVISION
        engine.dispose()
    finally:
        postgres_server.drop_database(name)
