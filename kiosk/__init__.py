"""ClinicPay Kiosk core: domain, payments, ledger, sync and PMS access.

This package never imports Qt, so everything that moves money can be driven
from tests and from the ``kiosk`` command line without a screen.
"""

__version__ = "0.1.0"
