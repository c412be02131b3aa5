"""The audit chain detects edited, deleted and truncated entries."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from kiosk.app import App
from kiosk.audit.anchor import AnchorFile
from kiosk.audit.chain import verify_chain
from tests.conftest import TEST_AUDIT_KEY


def write_entries(app: App, count: int) -> None:
    for n in range(count):
        with app.ledger.transaction() as tx:
            tx.audit("kiosk:test", "statement.viewed", f"P{n:06d}")


def verify(app: App, key: str = TEST_AUDIT_KEY) -> list[str]:
    with Session(app.ledger.engine) as session:
        return verify_chain(session, key.encode(), app.ledger.terminal_id,
                            app.ledger.audit_chain.anchor).problems


def raw(app: App, sql: str) -> None:
    """Tamper like an attacker with the file: bypass our triggers with plain sqlite3."""
    path = app.ledger.engine.url.database
    assert path
    db = sqlite3.connect(path)
    db.executescript("DROP TRIGGER IF EXISTS audit_log_no_update;"
                     "DROP TRIGGER IF EXISTS audit_log_no_delete;" + sql)
    db.close()


def test_intact_chain_verifies(app: App) -> None:
    write_entries(app, 5)
    assert verify(app) == []


def test_edited_entry_is_detected(app: App) -> None:
    write_entries(app, 5)
    raw(app, "UPDATE audit_log SET subject = 'P999999' WHERE seq = 3;")
    assert any("entry 3 was altered" in p for p in verify(app))


def test_deleted_middle_entry_is_detected(app: App) -> None:
    write_entries(app, 5)
    raw(app, "DELETE FROM audit_log WHERE seq = 2;")
    problems = verify(app)
    assert any("entry 2 is missing" in p for p in problems)


def test_truncated_tail_is_detected_by_the_anchor(app: App) -> None:
    write_entries(app, 5)
    raw(app, "DELETE FROM audit_log WHERE seq >= 4;")
    problems = verify(app)
    assert any("newest entries were deleted" in p for p in problems)


def test_wrong_key_fails(app: App) -> None:
    write_entries(app, 2)
    assert verify(app, key="another-key-0123456789abcdef")


def test_anchor_lives_outside_the_database(app: App, data_dir: Path) -> None:
    write_entries(app, 3)
    anchor = app.ledger.audit_chain.anchor.read()
    assert anchor is not None and anchor.seq == 3
    assert app.ledger.audit_chain.anchor.path.exists()
    assert app.ledger.audit_chain.anchor.path.parent == data_dir / "audit-anchor"


def test_crash_between_commit_and_anchor_write_is_healed_at_start(app: App,
                                                                  app_factory: object) -> None:
    write_entries(app, 3)
    anchor_file: AnchorFile = app.ledger.audit_chain.anchor
    stale = anchor_file.read()
    write_entries(app, 2)
    assert stale is not None
    anchor_file.write(stale)  # as if the process died right after the commit
    assert verify(app) == []  # entries after the anchor verify: not tampering
    app.close()
    reopened = app_factory()  # type: ignore[operator]
    healed = reopened.ledger.audit_chain.anchor.read()
    assert healed is not None and healed.seq == 5


def test_details_must_be_flat_scalars(app: App) -> None:
    with pytest.raises(TypeError), app.ledger.transaction() as tx:
        tx.audit("kiosk:test", "x", patient={"name": "Maria"})


def test_payment_steps_and_statement_views_are_audited(app: App) -> None:
    from kiosk.domain.patient import PatientQuery
    from kiosk.pms.demo import SHOWCASE

    who = SHOWCASE[2]
    found = app.lookup.find(PatientQuery("Nunez", who.birthdate))
    assert found.patient is not None
    app.lookup.statement(found.patient)
    with Session(app.ledger.engine) as session:
        actions = list(session.scalars(text("SELECT action FROM audit_log ORDER BY seq")))
    assert "statement.viewed" in actions
