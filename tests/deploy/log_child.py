"""A process that throws patient details and card numbers at every kind of logger.

Run by tests/deploy/test_logs.py as ``python -m tests.deploy.log_child DATA_DIR PORT``:
the kiosk's own logging set-up (console and rotating file), then our loggers,
SQLAlchemy's engine logger, urllib3 fetching a URL with PHI in its query from a
real server on 127.0.0.1, a library's pre-formatted message, exceptions whose
messages hold PHI, and a Python warning.
"""

from __future__ import annotations

import logging
import sys
import warnings
from pathlib import Path

from kiosk.config.schema import LogsConfig
from kiosk.logs import configure_console, open_log_file
from tests.deploy.phi import BIRTHDATE, EMAIL, NAME, PAN, SENTENCE


def main(data_dir: Path, port: int) -> None:
    configure_console("DEBUG")
    open_log_file(data_dir, LogsConfig(level="DEBUG"), "kiosk-test")
    ours = logging.getLogger("kiosk.lookup.service")
    ours.info("patient look-up: %s", SENTENCE)
    ours.warning("patient look-up failed: %s", ValueError(SENTENCE))
    ours.info("amount %d cents for %s, card %d", 2_500, NAME, int(PAN))
    ours.info("mapping %(who)s %(born)s", {"who": NAME, "born": BIRTHDATE})
    ours.info("template with %s too few %s arguments", NAME)
    try:
        raise KeyError(SENTENCE) from ValueError(EMAIL)
    except KeyError:
        ours.exception("statement could not be shown")
    logging.getLogger("devices.zvt.session").debug("frame %r", SENTENCE.encode())
    # SQLAlchemy, as if someone turned its statement logging on
    import sqlalchemy

    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    engine = sqlalchemy.create_engine(f"sqlite:///{data_dir / 'scratch.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("CREATE TABLE IF NOT EXISTS t (name TEXT, pan TEXT)"))
        connection.execute(sqlalchemy.text("INSERT INTO t VALUES (:name, :pan)"),
                           {"name": SENTENCE, "pan": PAN})
        try:
            connection.execute(sqlalchemy.text("INSERT INTO missing VALUES (:name)"),
                               {"name": SENTENCE})
        except sqlalchemy.exc.OperationalError as exc:
            logging.getLogger("kiosk.ledger").exception("ledger write failed: %s", exc)
    engine.dispose()
    # urllib3 at DEBUG logs the request line, query string included
    import urllib3

    logging.getLogger("urllib3").setLevel(logging.DEBUG)
    from urllib.parse import quote

    http = urllib3.PoolManager()
    http.request("GET", f"http://127.0.0.1:{port}/lookup?name={quote(NAME)}&pan={PAN}")
    # a library that formats its own messages
    logging.getLogger("somelib.client").warning(f"request failed for {SENTENCE}")  # noqa: G004 - a library's habit
    logging.getLogger("somelib.client").error("%s", SENTENCE)
    warnings.warn(f"suspicious value {SENTENCE}", UserWarning, stacklevel=1)
    print("done", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
