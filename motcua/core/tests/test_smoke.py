import pytest
from django.test import Client


@pytest.mark.django_db
def test_portal_home_answers_in_vietnamese(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
