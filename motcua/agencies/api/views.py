"""Read-only directory of units: public, since citizens choose where to submit and whom to
ask, and every unit's name, codes and contact details are published anyway."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny

from motcua.agencies.api.serializers import UnitDetailSerializer, UnitSerializer
from motcua.agencies.models import Unit, UnitKind


class UnitPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


LIST_PARAMETERS = [
    OpenApiParameter("search", str, description="Words of the name, short name or codes."),
    OpenApiParameter("kind", str, enum=UnitKind.values, description="Type of unit."),
    OpenApiParameter("admin_code", str, description="QĐ 19/2025 administrative-unit code."),
    OpenApiParameter(
        "current",
        OpenApiTypes.BOOL,
        description="true: only units in force today; false: only historical units.",
    ),
    OpenApiParameter(
        "within", str, description="QCVN 102 identifier of a unit: only that unit's subtree."
    ),
]


@extend_schema_view(
    list=extend_schema(summary="List and search units", parameters=LIST_PARAMETERS),
    retrieve=extend_schema(summary="A unit by its QCVN 102 identifier"),
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet[Unit]):
    permission_classes = [AllowAny]
    pagination_class = UnitPagination
    lookup_field = "qcvn_code"
    lookup_value_regex = r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}"

    def get_queryset(self) -> QuerySet[Unit]:
        units = Unit.objects.select_related("parent", "successor").order_by("path")
        if self.action != "list":
            return units.prefetch_related("predecessors")
        params: Any = self.request.query_params
        if params.get("search"):
            units = units.search(params["search"])
        if params.get("kind"):
            units = units.filter(kind=params["kind"])
        if params.get("admin_code"):
            units = units.filter(admin_code=params["admin_code"])
        if params.get("current") in ("true", "1"):
            units = units.current()
        elif params.get("current") in ("false", "0"):
            units = units.historical()
        if params.get("within"):
            root = Unit.objects.filter(qcvn_code=params["within"]).first()
            units = units.subtree_of(root) if root is not None else units.none()
        return units

    def get_serializer_class(self) -> type[UnitSerializer]:
        return UnitDetailSerializer if self.action == "retrieve" else UnitSerializer
