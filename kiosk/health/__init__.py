"""A kiosk's health: the checks ``kiosk doctor`` runs, the status file, alerts to IT."""
