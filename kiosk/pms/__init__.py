"""Practice management system adapters (the ``Pms`` port's implementations)."""
