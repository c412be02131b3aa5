"""End-of-day reconciliation, the dashboard's figures and their exports (CSV, JSON, PDF)."""
