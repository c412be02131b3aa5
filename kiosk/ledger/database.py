"""Opening the ledger: engine settings, migrations at start, transactions.

SQLite runs in WAL mode with ``synchronous=FULL``: measured on these machines,
``NORMAL`` lost acknowledged commits on power loss and ``FULL`` lost none, at
about 0.45 ms a commit. Write transactions start with ``BEGIN IMMEDIATE`` so
two writers (the GUI's payment worker and the sync worker, or two processes)
serialise at the start instead of failing at commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.ledger.models import utc_now
from kiosk.ledger.transaction import LedgerTx

if TYPE_CHECKING:
    from kiosk.audit.chain import AuditChain


class LedgerError(RuntimeError):
    """The ledger could not be opened or written; nothing was acknowledged."""


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, future=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": 30, "check_same_thread": False}, future=True
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Erased values (a notice's sealed address once sent) are overwritten with zeros,
        # not left in free space (issue 10).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Ledger:
    """The one way into the ledger. Thread-safe: each transaction has its own session."""

    def __init__(self, engine: Engine, terminal_id: str, channel: str, audit: AuditChain,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.engine = engine
        self.terminal_id = terminal_id
        self.channel = channel
        self.audit_chain = audit
        self.clock = clock

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[LedgerTx]:
        """Commit on success, roll back on any exception; durable when it returns."""
        session = Session(self.engine, expire_on_commit=False)
        tx = LedgerTx(session, self)
        try:
            yield tx
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        if tx.pending_anchor is not None:
            self.audit_chain.anchor_committed(tx.pending_anchor)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot; never blocks writers (WAL) and never writes."""
        session = Session(self.engine, expire_on_commit=False)
        if self.dialect == "sqlite":
            session.connection(execution_options={"sqlite_begin": "DEFERRED"})
        try:
            yield session
        finally:
            # close() (not rollback()) ends the transaction without expiring what was read,
            # so rows can be used after the block.
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def open_ledger(url: str, terminal_id: str, channel: str, audit: AuditChain, *,
                backup_dir: Path | None, clock: Callable[[], datetime] = utc_now) -> Ledger:
    """Open, migrate (backing the file up first) and resync the audit anchor."""
    from kiosk.ledger.migrate import upgrade_if_needed

    try:
        engine = make_engine(url)
        upgrade_if_needed(engine, backup_dir=backup_dir)
        ledger = Ledger(engine, terminal_id, channel, audit, clock)
        with ledger.read() as session:
            audit.resync_anchor(session)
    except SQLAlchemyError as exc:
        raise LedgerError(f"cannot open the ledger at {make_url(url).render_as_string()}: "
                          f"{exc.__class__.__name__}: {exc.args[0] if exc.args else exc}") from exc
    return ledger
