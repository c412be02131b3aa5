"""Hardware adapters, each beside its simulator.

Every adapter implements a port from ``kiosk.ports``; the composition root
(``kiosk.app``) picks one by name from the configuration.
"""
