"""Counter mode: the receptionist's windowed terminal on the same core as the kiosk."""
