"""The back-office's views, one module per area (home, accounts, ...)."""
