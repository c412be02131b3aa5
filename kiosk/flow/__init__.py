"""The patient's path through the kiosk, as a Qt-free state machine.

Screens render a :class:`~kiosk.flow.view.ViewState` and send intents to a
:class:`~kiosk.flow.session.KioskSession`; anything slow (PMS, terminal,
printer) runs as a job on the session's worker, never on the caller's thread.
"""
