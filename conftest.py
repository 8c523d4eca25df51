"""Project-wide pytest fixtures. App fixtures live in each app's tests/ folder."""
