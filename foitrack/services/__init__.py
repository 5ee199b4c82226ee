"""One module per user action, over the store and the core."""
