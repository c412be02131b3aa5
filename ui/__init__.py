"""The PySide6 front end (kiosk and counter screens).

Screens render the core's state and send the patient's or receptionist's
intents back; they hold no business logic. Built by the kiosk UI issue.
"""
