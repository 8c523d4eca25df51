from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.worktime.api.serializers import (
    DaysOffQuerySerializer,
    DaysOffSerializer,
    DeadlineQuerySerializer,
    DeadlineSerializer,
)

BAD_INPUT = OpenApiResponse(
    inline_serializer(
        "WorktimeError",
        {
            "detail": serializers.CharField(help_text="The first problem, for a person."),
            "errors": serializers.DictField(help_text="Every problem, by parameter."),
        },
    ),
    description="Bad input: unknown unit code, malformed moment, negative amount, unknown "
    "unit of time. The messages are in the request's language (Vietnamese by default).",
)


class DeadlineView(APIView):
    """The appointment for a dossier received at a moment with a legal time limit."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Compute an appointment (ngày hẹn trả kết quả)",
        parameters=[DeadlineQuerySerializer],
        responses={200: DeadlineSerializer, 400: BAD_INPUT},
        tags=["worktime"],
    )
    def get(self, request: Request) -> Response:
        query = DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(DeadlineSerializer(query.validated_data["answer"]).data)


class DaysOffView(APIView):
    """The weekdays not worked and the weekend days worked in a year, for a unit."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="Days off and make-up working days of a year",
        parameters=[DaysOffQuerySerializer],
        responses={200: DaysOffSerializer, 400: BAD_INPUT},
        tags=["worktime"],
    )
    def get(self, request: Request) -> Response:
        query = DaysOffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year, calendar = query.validated_data["year"], query.validated_data["calendar"]
        answer: dict[str, Any] = {
            "year": year,
            "days_off": calendar.days_off(year),
            "make_up_days": calendar.make_up_days(year),
        }
        return Response(DaysOffSerializer(answer).data)
