"""Accessibility: speech, keypad navigation, the accessibility bar, announcements."""
