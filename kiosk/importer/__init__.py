"""Data migration: historical payments from another system, imported all or nothing."""
