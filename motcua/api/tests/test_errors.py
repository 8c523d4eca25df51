"""Error answers of the API carry a `detail` a Vietnamese reader understands."""

import pytest
from django.test import Client
from django.utils import translation
from rest_framework import exceptions, fields, pagination, relations, serializers, validators
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from motcua.api.drf_messages import DRF_ERROR_MESSAGES


class ApplicationSerializer(serializers.Serializer[dict[str, object]]):
    copies = serializers.IntegerField(max_value=10)
    email = serializers.EmailField(required=False)


class ApplicationView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        serializer = ApplicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.validated_data)


def post_in_vietnamese(data: dict[str, object]) -> Response:
    request = APIRequestFactory().post("/", data, format="json")
    with translation.override("vi"):
        return ApplicationView.as_view()(request)


def test_a_missing_field_is_explained_in_vietnamese() -> None:
    response = post_in_vietnamese({})
    assert response.status_code == 400
    assert response.data == {
        "detail": "Trường này là bắt buộc.",
        "errors": {"copies": ["Trường này là bắt buộc."]},
    }


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ({"copies": "hai"}, "Cần nhập một số nguyên hợp lệ."),
        ({"copies": 11}, "Giá trị phải nhỏ hơn hoặc bằng 10."),
        ({"copies": 1, "email": "không-phải-thư"}, "Nhập địa chỉ thư điện tử hợp lệ."),
    ],
)
def test_invalid_values_are_explained_in_vietnamese(data: dict[str, object], detail: str) -> None:
    response = post_in_vietnamese(data)
    assert response.status_code == 400
    assert response.data["detail"] == detail


@pytest.mark.django_db
def test_the_api_answers_in_vietnamese_by_default_and_in_english_on_request(
    client: Client,
) -> None:
    vietnamese = client.post("/api/v1/")
    assert vietnamese.status_code == 405
    assert vietnamese.json() == {"detail": "Phương thức “POST” không được chấp nhận."}
    english = client.post("/api/v1/", headers={"accept-language": "en"})
    assert english.json() == {"detail": 'Method "POST" not allowed.'}


# Where DRF keeps the messages it may send back in an error answer.
MESSAGE_ATTRIBUTES = (
    "default_detail",
    "extra_detail_singular",
    "extra_detail_plural",
    "message",
    "missing_message",
    "invalid_page_message",
    "invalid_cursor_message",
)


def drf_messages_in_use() -> set[str]:
    """The English text of every error message of DRF's fields, exceptions, validators and
    paginators, read from the installed DRF."""
    lazy_messages: list[object] = []
    for module in (exceptions, fields, relations, serializers, validators, pagination):
        for value in vars(module).values():
            if not isinstance(value, type) or value.__module__ != module.__name__:
                continue
            lazy_messages += getattr(value, "default_error_messages", {}).values()
            lazy_messages += [
                getattr(value, name) for name in MESSAGE_ATTRIBUTES if hasattr(value, name)
            ]
    with translation.override(None):
        return {str(message) for message in lazy_messages if message is not None}


def test_our_list_is_exactly_drf_error_messages() -> None:
    in_use = drf_messages_in_use()
    missing = in_use - set(DRF_ERROR_MESSAGES)
    assert not missing, f"add these DRF messages to motcua/api/drf_messages.py: {missing}"
    unknown = set(DRF_ERROR_MESSAGES) - in_use
    assert not unknown, f"not DRF messages (a typo, or DRF dropped them): {unknown}"
