"""Portal views, one module per feature (home, accounts, deadline calculator, ...)."""
