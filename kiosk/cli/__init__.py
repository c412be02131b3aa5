"""The ``kiosk`` command: every core feature, headless."""
