"""`GET /api/v1/statistics/dossiers`: a unit's dossier statistics for a period, for machines.

Public, like the on-time figures provinces publish: the answer holds counts only, never a
dossier or a person, so anyone may ask (no token). Messages in the requester's language
(Vietnamese by default). The rules behind each count: docs/statistics.md.
"""

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from motcua.dossiers import stats
from motcua.worktime.queries import unknown_unit_message

DATE_ERRORS = {
    "invalid": _("Enter the date as YYYY-MM-DD, for example 2026-03-31."),
}


class StatisticsQuerySerializer(serializers.Serializer[dict[str, Any]]):
    """unit_code, from, to ("from" is a Python keyword, hence get_fields)."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "unit_code": serializers.CharField(
                required=False,
                allow_blank=True,
                max_length=13,
                help_text="QCVN 102 identifier of the unit; its subtree is counted with it "
                "(default: the province).",
            ),
            "from": serializers.DateField(
                help_text="First day of the period (Vietnam time), YYYY-MM-DD.",
                error_messages={"required": _("Enter the first day of the period."), **DATE_ERRORS},
            ),
            "to": serializers.DateField(
                help_text="Last day of the period, included; at most 366 days after `from`.",
                error_messages={"required": _("Enter the last day of the period."), **DATE_ERRORS},
            ),
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        problem = stats.period_problem(attrs["from"], attrs["to"])
        if problem:
            raise serializers.ValidationError({"to": problem})
        code = (attrs.get("unit_code") or "").strip().upper()
        unit = stats.unit_for_code(code)
        if unit is None:
            message = unknown_unit_message(code) if code else _("No province unit exists yet.")
            raise serializers.ValidationError({"unit_code": message})
        attrs["unit"] = unit
        return attrs


COUNT_HELP = {
    "carried_over": "Received before the period and still open when it began.",
    "received_total": "Newly received in the period (desk + online + post).",
    "received_desk": "Newly received at the desk.",
    "received_online": "Newly received online.",
    "received_post": "Newly received by public postal service.",
    "total": "carried_over + received_total: every dossier to handle in the period.",
    "resolved_total": "Processing ended in the period with the result issued.",
    "resolved_early": "Resolved before the appointment's minute.",
    "resolved_on_time": "Resolved in the appointment's minute.",
    "resolved_late": "Resolved after the appointment (the one before any apology), or after "
    "more than one supplement request.",
    "resolved_late_repeated_supplements": "Of resolved_late: resolved by the appointment but "
    "late because of more than one supplement request (QĐ 766 rule).",
    "returned": "Rejected on the merits in the period and returned with the written reason.",
    "withdrawn": "Stopped in the period at the applicant's request.",
    "stopped": "Stopped in the period for another reason.",
    "in_progress_total": "Still open at the end of the period (or now).",
    "in_progress_on_time": "Open, the appointment not passed at the end of the period.",
    "in_progress_overdue": "Open, the appointment passed at the end of the period.",
}


class StatisticsSerializer(serializers.Serializer[dict[str, Any]]):
    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields: dict[str, serializers.Field[Any, Any, Any, Any]] = {
            "unit_code": serializers.CharField(help_text="QCVN 102 identifier of the unit."),
            "unit_name": serializers.CharField(),
            "from": serializers.DateField(),
            "to": serializers.DateField(),
        }
        for key, text in COUNT_HELP.items():
            fields[key] = serializers.IntegerField(min_value=0, help_text=text)
        fields["on_time_rate"] = serializers.DecimalField(
            max_digits=5,
            decimal_places=2,
            coerce_to_string=False,
            allow_null=True,
            help_text="(resolved_early + resolved_on_time) / resolved_total, in percent; null "
            "when nothing was resolved.",
        )
        return fields


BAD_INPUT = OpenApiResponse(
    inline_serializer(
        "StatisticsError",
        {
            "detail": serializers.CharField(help_text="The first problem, for a person."),
            "errors": serializers.DictField(help_text="Every problem, by parameter."),
        },
    ),
    description="Bad input: a missing or malformed date, a period that ends before it starts "
    "or is longer than 366 days, an unknown unit code. Messages in the request's language "
    "(Vietnamese by default).",
)


def answer(
    unit_code: str, unit_name: str, first: datetime.date, last: datetime.date, counts: Any
) -> dict[str, Any]:
    return {
        "unit_code": unit_code,
        "unit_name": unit_name,
        "from": first,
        "to": last,
        **counts.as_dict(),
    }


class StatisticsThrottle(AnonRateThrottle):
    """A year of a province's dossiers takes the database a while: anonymous callers get
    60 answers a minute (per address), then 429 with the time to wait."""

    scope = "statistics"
    rate = "60/minute"


class DossierStatisticsView(APIView):
    """Counts of a unit's dossiers (its subtree included) for a period."""

    permission_classes = [AllowAny]
    throttle_classes = [StatisticsThrottle]

    @extend_schema(
        summary="Dossier statistics of a unit for a period (thống kê giải quyết hồ sơ)",
        description="Public aggregate counts by the counting rules of the one-stop "
        "mechanism (docs/statistics.md). The unit is the lead processing unit of the "
        "dossiers; its subtree is included.",
        parameters=[StatisticsQuerySerializer],
        responses={
            200: StatisticsSerializer,
            400: BAD_INPUT,
            429: OpenApiResponse(description="More than 60 requests a minute without signing in."),
        },
        tags=["statistics"],
    )
    def get(self, request: Request) -> Response:
        query = StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        unit, first, last = (query.validated_data[key] for key in ("unit", "from", "to"))
        counts = stats.dossier_counts(unit, stats.Period(first, last))
        body = answer(unit.qcvn_code or "", unit.name, first, last, counts)
        return Response(StatisticsSerializer(body).data)
