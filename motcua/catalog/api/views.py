"""The public catalogue API: list and search procedures, and read one by its code.

Without `search` the list is in code order with cursor (keyset) pagination, which stays fast
however far a client pages. With `search` the results come best match first, in pages of a
bounded ranked list (see `motcua.catalog.search.MAX_RESULTS`). A list's answer is remembered
until the catalogue changes (`motcua.catalog.generation`).
"""

from typing import Any

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, F, QuerySet, Window
from django.http import Http404
from django.utils import timezone, translation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, CursorPagination, PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.catalog import queries
from motcua.catalog.api.serializers import (
    ROW_COLUMNS,
    ProcedureDetailSerializer,
    ProcedureSerializer,
    procedure_rows,
)
from motcua.catalog.generation import remembered
from motcua.catalog.models import AuthorityLevel, OnlineLevel, ProcedureVersion
from motcua.catalog.search import MAX_RESULTS, ProcedureFilters


class ProcedureCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "procedure_code"


class RankedPagination(PageNumberPagination):
    """Pages of the ranked search results. Each page is read with the number of results in
    the same query (a window count), so the ranking runs once per request instead of once
    for the count and again for the page; only a page past the end needs a second query."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(
        self, queryset: QuerySet[Any, Any], request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        self.request = request
        size = self.get_page_size(request) or self.page_size
        raw = request.query_params.get(self.page_query_param) or "1"
        if raw in self.last_page_strings:
            number = Paginator(range(queryset.count()), size).num_pages
        else:
            number = int(raw) if raw.isdigit() and int(raw) >= 1 else 0
        start = max(number - 1, 0) * size
        rows = list(queryset.annotate(matches=Window(Count("pk")))[start : start + size])
        if rows:
            total = min(rows[0].matches, MAX_RESULTS)
        elif number > 1:
            total = queryset.count()  # past the end: how far it goes
        else:
            total = 0
        paginator = Paginator(range(total), size)
        try:
            number = paginator.validate_number(number)
        except InvalidPage as error:
            raise NotFound(
                self.invalid_page_message.format(page_number=raw, message=str(error))
            ) from None
        self.page = Page(rows, number, paginator)
        return rows


LIST_PARAMETERS = [
    OpenApiParameter(
        "search",
        str,
        description=(
            "What people type, with or without diacritics, in any order, one-letter typos "
            "forgiven. Results come best match first, paginated with `page`."
        ),
    ),
    OpenApiParameter("field", str, description="Field code (mã lĩnh vực)."),
    OpenApiParameter("level", str, enum=AuthorityLevel.values, description="Implementing level."),
    OpenApiParameter(
        "agency", str, description="QCVN 102 identifier (or id) of a receiving or processing unit."
    ),
    OpenApiParameter(
        "online_level", str, enum=OnlineLevel.values, description="Online service level."
    ),
    OpenApiParameter("page", int, description="Page of search results (with `search` only)."),
]


@extend_schema_view(
    list=extend_schema(summary="List and search procedures", parameters=LIST_PARAMETERS),
    retrieve=extend_schema(summary="A procedure by its code, as its current version says"),
)
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet[ProcedureVersion]):
    permission_classes = [AllowAny]
    pagination_class = ProcedureCursorPagination
    lookup_field = "code"
    lookup_value_regex = r"\d\.\d{6}(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}(?:\.\d{2})?)?"

    def _search_text(self) -> str:
        return str(self.request.query_params.get("search", "")).strip()

    @property
    def paginator(self) -> BasePagination | None:
        if not hasattr(self, "_paginator"):
            self._paginator: BasePagination = (
                RankedPagination() if self._search_text() else ProcedureCursorPagination()
            )
        return self._paginator

    def get_queryset(self) -> QuerySet[ProcedureVersion]:
        params: Any = self.request.query_params
        filters = ProcedureFilters(
            field=params.get("field", ""),
            level=params.get("level", ""),
            agency=params.get("agency", ""),
            online_level=params.get("online_level", ""),
        )
        versions = queries.procedure_list(self._search_text(), filters).only(*ROW_COLUMNS)
        if self._search_text():
            return versions
        return versions.annotate(procedure_code=F("procedure__code"))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # A page of the list is the same for everyone who asks the same address in the same
        # language on the same day (a version comes into force at midnight) while the
        # catalogue does not change.
        question = (
            request.build_absolute_uri(),
            translation.get_language(),
            timezone.localdate(),
        )
        return Response(remembered(question, self._page))

    def _page(self) -> Any:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert page is not None  # the list is always paginated
        return self.get_paginated_response(procedure_rows(page)).data

    def get_object(self) -> ProcedureVersion:
        version = queries.procedure_detail(self.kwargs["code"])
        if version is None:
            raise Http404
        return version

    def get_serializer_class(self) -> type[ProcedureSerializer]:
        return ProcedureDetailSerializer if self.action == "retrieve" else ProcedureSerializer
