"""``python -m kiosk`` is the same entry point as the ``kiosk`` console script."""

from kiosk.cli.main import main

raise SystemExit(main())
