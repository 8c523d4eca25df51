import pytest


@pytest.fixture(autouse=True)
def _database(db: None) -> None:
    """Every test of this app touches accounts."""
