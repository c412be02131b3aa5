"""Reusable touch widgets: big buttons, the name keyboard, numeric keypads."""
