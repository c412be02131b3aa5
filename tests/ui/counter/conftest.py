from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from typing import Any

import pytest

from tests.ui.counter.pages import CounterDesk


@pytest.fixture
def counter(app_factory: Any, qtbot: Any) -> Iterator[Any]:
    desks: list[CounterDesk] = []

    def open_counter(**overrides: Any) -> CounterDesk:
        overrides.setdefault("terminal_id", "counter-1")
        overrides.setdefault("channel", "counter")
        desk = CounterDesk(app_factory(**overrides), qtbot)
        desks.append(desk)
        return desk

    yield open_counter
    for desk in desks:
        desk.close()
