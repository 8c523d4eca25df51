import re

import pytest
from django.test import Client


@pytest.mark.django_db
def test_api_root_links_the_schema_and_the_documentation(client: Client) -> None:
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.json() == {
        "schema": "http://testserver/api/v1/schema/",
        "docs": "http://testserver/api/v1/docs/",
    }


@pytest.mark.django_db
def test_schema_answers_with_openapi(client: Client) -> None:
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")
    assert b"/api/v1/:" in response.content


@pytest.mark.django_db
def test_swagger_ui_is_served_from_local_files_only(client: Client) -> None:
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    addresses = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert any("swagger-ui-bundle.js" in address for address in addresses)
    external = [address for address in addresses if re.match(r"^(?:[a-z]+:)?//", address)]
    assert not external, f"the docs page loads from other hosts: {external}"
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_swagger_ui_assets_are_served(client: Client) -> None:
    html = client.get("/api/v1/docs/").content.decode()
    bundle = re.search(r"""src=["']([^"']*swagger-ui-bundle\.js)["']""", html)
    assert bundle is not None
    response = client.get(bundle.group(1))
    assert response.status_code == 200


@pytest.mark.django_db
def test_swagger_ui_sends_the_schema_to_no_validator_service(client: Client) -> None:
    html = client.get("/api/v1/docs/").content.decode()
    assert '"validatorUrl": null' in html
