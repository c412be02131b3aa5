"""Accessibility: keys only, spoken output, contrast, names, tab order, Spanish, no clipping."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QPushButton, QWidget

from devices.speech import TranscriptSpeaker
from kiosk.flow.jobs import InlineJobRunner
from kiosk.flow.services import flow_for
from kiosk.flow.session import KioskSession
from kiosk.flow.view import Screen
from kiosk.paths import assets_dir
from ui.assemble import attach
from ui.receipt_labels import receipt_labels
from ui.theme import apply_theme
from ui.tour import tour
from ui.window import KioskWindow


def press(page: Any, key: Qt.Key, text: str = "") -> None:
    target = QApplication.focusWidget() or page.window
    page.qtbot.keyClick(target, key)


def type_text(page: Any, text: str) -> None:
    for character in text:
        target = QApplication.focusWidget() or page.window
        page.qtbot.keyClicks(target, character)


# -- keys only, eyes free ---------------------------------------------------------------------

def test_eyes_free_session_keys_only(kiosk: Any) -> None:
    speaker = TranscriptSpeaker()
    page = kiosk(speaker=speaker)
    press(page, Qt.Key.Key_F2)  # audio on
    press(page, Qt.Key.Key_F3)  # "I have headphones"
    assert page.session.state.prefs.private_listening
    press(page, Qt.Key.Key_Return)  # the focused "Touch to start"
    page.wait_for(Screen.NAME)
    type_text(page, "nunez")
    press(page, Qt.Key.Key_Return)  # focus moved to Continue once it could
    page.wait_for(Screen.BIRTHDATE)
    type_text(page, "07041972")
    press(page, Qt.Key.Key_Return)
    page.wait_for(Screen.STATEMENT)
    press(page, Qt.Key.Key_Return)  # Pay now
    page.wait_for(Screen.AMOUNT)
    press(page, Qt.Key.Key_Return)  # Pay the full balance
    page.wait_for(Screen.METHOD)
    press(page, Qt.Key.Key_Return)  # Card on the terminal
    page.wait_for(Screen.RESULT, timeout_ms=20_000)
    press(page, Qt.Key.Key_Return)  # Continue
    page.wait_for(Screen.RECEIPT)
    press(page, Qt.Key.Key_Return)  # Print receipt
    page.qtbot.waitUntil(lambda: bool(page.session.state.receipt_preview))
    said = speaker.text()
    for expected in (
        "Audio guidance is on.",
        "Your name and amounts will now be read aloud.",
        "What is your last name?",
        "What is your date of birth?",
        "Hello, José N.",
        "the charge was 299 dollars. Your insurance paid 131 dollars and 56 cents",
        "on August 2, 2026",
        "Your total due is 243 dollars and 73 cents",
        "Pay now, button",
        "pay the full balance of 243 dollars and 73 cents",
        "Insert, tap or swipe your card on the terminal",
        "Payment approved. 243 dollars and 73 cents was paid.",
        "Would you like a receipt?",
    ):
        assert expected in said, f"never said {expected!r} in:\n{said}"
    assert page.session.state.result is not None and page.session.state.result.approved
    # each letter and digit typed is echoed (privately), in order
    echoed = [text for _language, text in speaker.said if len(text) == 1]
    assert echoed == list("NUNEZ07041972")


def test_names_and_amounts_are_not_spoken_before_headphones(kiosk: Any) -> None:
    speaker = TranscriptSpeaker()
    page = kiosk(speaker=speaker)
    press(page, Qt.Key.Key_F2)  # audio on, no headphones confirmed
    press(page, Qt.Key.Key_Return)
    page.wait_for(Screen.NAME)
    type_text(page, "nunez")
    press(page, Qt.Key.Key_Return)
    page.wait_for(Screen.BIRTHDATE)
    type_text(page, "07041972")
    press(page, Qt.Key.Key_Return)
    page.wait_for(Screen.STATEMENT)
    said = speaker.text()
    assert "confirm you are using headphones" in said
    for private in ("José", "243", "dollars", "NUNEZ", "\nN\n", "1972", "July"):
        assert private not in said, private


def test_audio_mode_doubles_the_timeouts(kiosk: Any) -> None:
    page = kiosk(session={"idle_timeout_s": 30, "idle_warning_s": 10})
    assert page.session.timeouts() == (30, 10)
    press(page, Qt.Key.Key_F2)
    assert page.session.timeouts() == (60, 20)


# -- walking every screen ---------------------------------------------------------------------

THEMES = [("default", False, False), ("high-contrast", True, False),
          ("large-text", False, True), ("large-high-contrast", True, True)]


def walk(app: Any, qtbot: Any, visit: Callable[[KioskWindow, str], None], *,
         language: str = "en", high_contrast: bool = False, large_text: bool = False,
         size: tuple[int, int] = (1280, 800)) -> list[str]:
    qt = QApplication.instance()
    apply_theme(qt)  # type: ignore[arg-type]
    services, settings = flow_for(app)
    services.receipt_labels = receipt_labels
    settings = replace(settings, default_language=language, default_large_text=large_text,
                       default_high_contrast=high_contrast)
    session = KioskSession(services, settings, InlineJobRunner())
    window = KioskWindow(session, app.config.clinic.name, app.config.is_demo)
    qtbot.addWidget(window)
    window.build_screens()
    window.resize(*size)
    window.show()
    front = attach(window, session, TranscriptSpeaker(), app.config.accessibility)

    try:
        return tour(session, window, lambda name: visit(window, name),
                    portal_url=app.config.clinic.portal_url)
    finally:
        front.close()
        apply_theme(qt)  # type: ignore[arg-type]
        window.translations.use("en")


def shown_widgets(window: QWidget) -> Iterator[QWidget]:
    for widget in window.findChildren(QWidget):
        if widget.isVisible() and widget.window() is window:
            yield widget


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) \
        + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def background(image: QImage, widget: QWidget, window: QWidget) -> QColor:
    """The most common colour under the widget in the rendered window."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    counts: dict[int, int] = {}
    step = 2
    for y in range(top_left.y(), top_left.y() + widget.height(), step):
        for x in range(top_left.x(), top_left.x() + widget.width(), step):
            if 0 <= x < image.width() and 0 <= y < image.height():
                rgb = image.pixel(x, y) & 0xFFFFFF
                counts[rgb] = counts.get(rgb, 0) + 1
    if not counts:
        raise AssertionError(f"{widget.objectName() or widget.text()!r} is outside the window")
    return QColor(max(counts, key=lambda rgb: counts[rgb]))


@pytest.mark.parametrize(("theme", "high_contrast", "large_text"), THEMES)
def test_text_contrast_on_every_screen(app_factory: Any, qtbot: Any, theme: str,
                                       high_contrast: bool, large_text: bool) -> None:
    app = app_factory(notify={"email": {"kind": "simulated"}})
    failures: list[str] = []
    checked = [0]

    def visit(window: KioskWindow, name: str) -> None:
        image = window.grab().toImage()
        for widget in shown_widgets(window):
            if not isinstance(widget, QLabel | QAbstractButton) or not widget.text().strip():
                continue
            if window.idle.isVisible() and not window.idle.isAncestorOf(widget):
                continue  # behind the "are you still there?" overlay, dimmed on purpose
            if widget.visibleRegion().isEmpty():
                continue  # scrolled out of sight (the statement's lines scroll)
            if widget.width() < 2 or widget.height() < 2:
                failures.append(f"{name}: {widget.text()[:30]!r} has no room at all")
                continue
            if isinstance(widget, QAbstractButton) and not widget.isEnabled():
                continue  # WCAG 1.4.3: inactive controls are exempt
            role = widget.foregroundRole()
            text = widget.palette().color(role)
            ground = background(image, widget, window)
            ratio = contrast(text, ground)
            checked[0] += 1
            if ratio < 4.5:
                failures.append(f"{name}: {widget.text()[:30]!r} {text.name()} on "
                                f"{ground.name()} = {ratio:.2f}")

    walk(app, qtbot, visit, high_contrast=high_contrast, large_text=large_text)
    assert checked[0] > 300
    assert failures == []


def test_focusable_widgets_have_names_and_tab_order_follows_the_eye(app_factory: Any,
                                                                    qtbot: Any) -> None:
    app = app_factory(notify={"email": {"kind": "simulated"}})
    problems: list[str] = []

    def visit(window: KioskWindow, name: str) -> None:
        focusable = [w for w in shown_widgets(window)
                     if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()]
        for widget in focusable:
            interface = QAccessible.queryAccessibleInterface(widget)
            label = interface.text(QAccessible.Text.Name) if interface is not None else ""
            if not label.strip():
                problems.append(f"{name}: {widget.metaObject().className()} "
                                f"{widget.objectName()!r} has no accessible name")
        if name == "idle-warning":
            return  # a modal overlay: focus is held on its one button
        chain: list[QWidget] = []
        widget = window.nextInFocusChain()
        for _ in range(2000):
            if widget in focusable and widget not in chain:
                chain.append(widget)
            widget = widget.nextInFocusChain()
            if widget is window:
                break
        positions = [w.mapTo(window, QPoint(0, 0)) for w in chain]
        for (a, b), (pa, pb) in zip(pairwise(chain), pairwise(positions), strict=True):
            same_row = abs(pa.y() - pb.y()) < 12
            if (same_row and pb.x() < pa.x()) or (not same_row and pb.y() < pa.y()):
                problems.append(f"{name}: Tab goes from {a.accessibleName() or a.objectName()!r}"
                                f" to {b.accessibleName() or b.objectName()!r}, against the "
                                "reading order")

    visited = walk(app, qtbot, visit)
    assert len(visited) >= 20
    assert problems == []


def english_sources() -> list[tuple[str, str]]:
    """(English source, Spanish translation) of every string the kiosk translates.

    Untranslated strings are included (their Spanish is empty): on a Spanish
    screen they would show in English, which is what this test looks for.
    Strings that are the same in both languages are left out.
    """
    tree = ET.parse(assets_dir() / "i18n" / "clinicpay_es.ts")
    pairs = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        if source and source != translation:
            pairs.append((source, translation))
    return pairs


def as_pattern(source: str) -> re.Pattern[str]:
    parts = re.split(r"\{[a-z_]+\}", source)
    return re.compile(".+".join(re.escape(part) for part in parts) + r"\Z", re.S)


def test_spanish_leaves_no_english_on_any_screen(app_factory: Any, qtbot: Any) -> None:
    app = app_factory(notify={"email": {"kind": "simulated"}})
    patterns = [(source, as_pattern(source)) for source, _ in english_sources()]
    assert len(patterns) > 150
    leftovers: list[str] = []

    def visit(window: KioskWindow, name: str) -> None:
        if name == "starting":
            return  # before anyone chose a language, the kiosk speaks its default one
        for widget in shown_widgets(window):
            text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
            for line in filter(None, (text or "").split("\n")):
                for source, pattern in patterns:
                    if len(source) > 3 and pattern.match(line.strip()):
                        leftovers.append(f"{name}: {line.strip()!r} (source {source!r})")

    walk(app, qtbot, visit, language="es")
    assert leftovers == []


@pytest.mark.parametrize(("language", "large_text", "size"), [
    ("en", False, (1280, 800)), ("es", False, (1280, 800)),
    ("en", True, (1920, 1080)), ("es", True, (1920, 1080)),
])
def test_no_text_is_clipped(app_factory: Any, qtbot: Any, language: str, large_text: bool,
                            size: tuple[int, int]) -> None:
    app = app_factory(notify={"email": {"kind": "simulated"}})
    clipped: list[str] = []

    def visit(window: KioskWindow, name: str) -> None:
        for widget in shown_widgets(window):
            if isinstance(widget, QPushButton) and widget.text():
                hint = widget.sizeHint()
                if hint.width() > widget.width() + 1 or hint.height() > widget.height() + 1:
                    clipped.append(f"{name}: button {widget.text()!r} needs {hint.width()}x"
                                   f"{hint.height()}, has {widget.width()}x{widget.height()}")
            elif isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
                metrics = widget.fontMetrics()
                room = widget.contentsRect()
                if widget.wordWrap():
                    needed = widget.heightForWidth(widget.width())
                    if needed > widget.height() + 1:
                        clipped.append(f"{name}: {widget.text()[:40]!r} needs height {needed},"
                                       f" has {widget.height()}")
                else:
                    widest = max(metrics.horizontalAdvance(line)
                                 for line in widget.text().split("\n"))
                    if widest > room.width() + 1:
                        clipped.append(f"{name}: {widget.text()[:40]!r} needs width {widest},"
                                       f" has {room.width()}")

    walk(app, qtbot, visit, language=language, large_text=large_text, size=size)
    assert clipped == [], "\n".join(clipped)


# -- real speech ------------------------------------------------------------------------------

needs_speech = pytest.mark.skipif(shutil.which("espeak-ng") is None or shutil.which("sox") is None,
                                  reason="espeak-ng and sox are installed by scripts/test")


@needs_speech
@pytest.mark.parametrize(("language", "text", "phonemes"), [
    ("en", "Welcome. You can pay your clinic bill here. Press Enter to start.", "kl'InIk"),
    ("es", "Bienvenido. Aquí puede pagar su factura de la clínica. Pulse Intro para empezar.",
     "kl'inika"),
])
def test_a_spoken_sample_is_real_audio_in_each_language(tmp_path: Path, language: str,
                                                         text: str, phonemes: str) -> None:
    from devices.speech.synth import Synthesizer, Utterance

    synth = Synthesizer(folder=tmp_path)
    try:
        assert synth.wait_ready() == ""
        done: list[Path] = []
        synth.submit(Utterance(text, language, 1), lambda _u, path: done.append(path))
        import time

        deadline = time.monotonic() + 20
        while not done and time.monotonic() < deadline:
            time.sleep(0.02)
        assert done, "no audio was synthesised"
        wav = tmp_path / f"sample-{language}.wav"
        shutil.copy(done[0], wav)
    finally:
        synth.close()
    stats = subprocess.run(["sox", str(wav), "-n", "stat"], capture_output=True, text=True,
                           check=True).stderr
    length = float(re.search(r"Length \(seconds\):\s+([\d.]+)", stats).group(1))  # type: ignore[union-attr]
    rms = float(re.search(r"RMS\s+amplitude:\s+([\d.]+)", stats).group(1))  # type: ignore[union-attr]
    assert length > 2.0 and rms > 0.02, stats
    voice = {"en": "en-us", "es": "es-419"}[language]
    spoken = subprocess.run(["espeak-ng", "-v", voice, "-x", "-q", text], capture_output=True,
                            text=True, check=True).stdout
    assert phonemes in spoken
