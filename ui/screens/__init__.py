"""One widget per patient screen; each renders a ViewState and sends intents."""
