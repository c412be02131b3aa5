"""Counter mode (the receptionist's desk), Qt-free: tenders, refunds, the posting queue,
kiosk takeover, and the :class:`~kiosk.counter.session.CounterSession` the screens drive."""
