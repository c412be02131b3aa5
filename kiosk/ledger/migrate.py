"""Schema migrations with Alembic, applied at start after backing the file up.

The cheap check (one query of ``alembic_version``) runs on every start; Alembic
itself is imported only when a migration is due, which keeps it off the
start-up path of a kiosk that is already current.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

#: The newest migration in ``migrations/versions``; a test keeps it in step with Alembic.
HEAD_REVISION = "0011_counter"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_if_needed(engine: Engine, backup_dir: Path | None) -> bool:
    """Bring the schema to head. Returns True when a migration ran."""
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return False
    if current is not None and backup_dir is not None:
        backup_sqlite(engine, backup_dir, current)
    upgrade(engine)
    return True


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Devices sharing one ledger may start together: one migrates, the others wait
            # here and then find the schema current (DDL is transactional on PostgreSQL).
            from kiosk.ledger.locks import lock_key

            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": lock_key("migrate", "ledger")})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def backup_sqlite(engine: Engine, backup_dir: Path, revision: str) -> Path | None:
    """A consistent copy through SQLite's backup API (safe with WAL and other readers)."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    source_path = Path(engine.url.database)
    if not source_path.exists():
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{source_path.stem}.{revision}.{stamp}.bak.sqlite3"
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def head_from_scripts() -> str | None:
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()
