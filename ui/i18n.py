"""The patient's language: Qt Linguist translations from assets/i18n, switched live.

Sources are ``assets/i18n/clinicpay_<lang>.ts`` (kept by ``scripts/i18n``,
which runs pyside6-lupdate over ui/ and pyside6-lrelease to build the
``.qm`` files the kiosk loads). English is the source language.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.paths import assets_dir

log = logging.getLogger(__name__)

LANGUAGES = ("en", "es")


class Translations:
    def __init__(self) -> None:
        self._translator: QTranslator | None = None
        self.language = "en"

    def use(self, language: str) -> bool:
        """Switch the application's language; False if its translation is missing."""
        if language == self.language:
            return True
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        self.language = "en"
        if language == "en":
            return True
        translator = QTranslator()
        path = assets_dir() / "i18n" / f"clinicpay_{language}.qm"
        if not translator.load(str(path)):
            log.error("no translation for %s at %s (run scripts/i18n)", language, path)
            return False
        if app is not None:
            app.installTranslator(translator)
        self._translator = translator
        self.language = language
        return True
