from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, str]:
    return {"province_name": settings.MOTCUA_PROVINCE_NAME}
