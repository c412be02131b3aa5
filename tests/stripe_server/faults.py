"""Faults the test server injects into the HTTP exchange, one rule at a time.

- ``http_500``: answer 500 ``api_error`` before doing anything;
- ``reset_before``: drop the connection before doing anything;
- ``reset_after``: do the work, then drop the connection (the answer is lost);
- ``slow``: do the work, then wait ``delay_ms`` before answering (a client
  timeout loses the answer although the work was done).

Reader-level faults (busy, offline, a reader timeout, stuck in progress) are
the reader's own state: see :class:`tests.stripe_server.world.ReaderSim`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

KINDS = ("http_500", "reset_before", "reset_after", "slow")


@dataclass
class Rule:
    method: str
    path: str  # a regular expression matched against the request path
    kind: str
    times: int = 1
    delay_ms: int = 0


class Faults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[Rule] = []

    def add(self, rule: Rule) -> None:
        if rule.kind not in KINDS:
            raise ValueError(f"unknown fault {rule.kind!r}; one of {KINDS}")
        re.compile(rule.path)
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def take(self, method: str, path: str) -> Rule | None:
        """The first rule matching this request, used up by one."""
        with self._lock:
            for rule in self._rules:
                if rule.method == method and re.fullmatch(rule.path, path):
                    rule.times -= 1
                    if rule.times <= 0:
                        self._rules.remove(rule)
                    return rule
        return None
