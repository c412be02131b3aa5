"""The real Qt kiosk, offscreen, on the real core (demo PMS, simulated devices)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from typing import Any

import pytest

from tests.ui.pages import KioskPage


@pytest.fixture
def kiosk(app_factory: Any, qtbot: Any) -> Iterator[Any]:
    """``kiosk(**config_overrides)`` opens the kiosk window and returns its page object."""
    pages: list[KioskPage] = []

    def open_kiosk(**overrides: Any) -> KioskPage:
        page = KioskPage.open(app_factory(**overrides), qtbot)
        pages.append(page)
        return page

    yield open_kiosk
    for page in pages:
        page.close()
