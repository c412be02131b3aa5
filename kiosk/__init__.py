"""ClinicPay Kiosk core: domain, payments, ledger, sync and PMS access.

This package never imports Qt, so everything that moves money can be driven
from tests and from the ``kiosk`` command line without a screen.
"""

__version__ = "0.1.0"


def installed_version() -> str:
    """Our version as installed (pip or the bundle's package metadata); ``__version__``
    when running from a checkout that was never installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("clinicpay-kiosk")
    except PackageNotFoundError:
        return __version__
