"""The public dossier lookup as JSON: `GET /api/v1/dossiers/lookup?code=...&secret=...`.

The same answer as the portal's page: status and appointment only, for whoever has the code
and the phone number on the dossier or the lookup secret on the receipt; one 404 for an
unknown code and for a wrong secret, so that a code alone reveals nothing. Anonymous callers
are throttled per address (scope `dossier_lookup`, see `LookupThrottle`).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from motcua.dossiers import citizen
from motcua.dossiers.api.serializers import (
    LookupQuerySerializer,
    LookupResultSerializer,
    lookup_answer,
)

ERROR = inline_serializer(
    "LookupError",
    {"detail": serializers.CharField(), "errors": serializers.DictField(required=False)},
)


class LookupThrottle(SimpleRateThrottle):
    """Attempts per client address: settings MOTCUA_LOOKUP_RATE (default "20/min")."""

    scope = "dossier_lookup"

    def get_rate(self) -> str:
        return str(getattr(settings, "MOTCUA_LOOKUP_RATE", "20/min"))

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class DossierLookupView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [LookupThrottle]

    @extend_schema(
        summary="Look up a dossier's status by its code and secret",
        parameters=[LookupQuerySerializer],
        responses={
            200: LookupResultSerializer,
            400: OpenApiResponse(ERROR, description="A parameter is missing or too long."),
            404: OpenApiResponse(
                ERROR, description="No dossier with this code and this phone number or secret."
            ),
            429: OpenApiResponse(ERROR, description="Too many lookups from this address."),
        },
    )
    def get(self, request: Request) -> Response:
        query = LookupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        status = citizen.lookup(query.validated_data["code"], query.validated_data["secret"])
        if status is None:
            raise NotFound(_("No dossier matches this code and phone number or secret."))
        return Response(lookup_answer(status))
