"""Production: refuses to start with DEBUG on or without a real secret key."""

from django.core.exceptions import ImproperlyConfigured

from motcua.settings.base import *  # noqa: F403
from motcua.settings.env import env_bool, env_int

KNOWN_UNSAFE_KEYS = {
    "",
    "development-only-secret-key-never-use-in-production",
    "test-only-secret-key",
    "change-me",
}

if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("Production refuses DEBUG: unset DEBUG or set DEBUG=0.")
if SECRET_KEY in KNOWN_UNSAFE_KEYS or len(SECRET_KEY) < 32:  # noqa: F405
    raise ImproperlyConfigured(
        "Production needs SECRET_KEY: a random value of at least 32 characters, "
        "for example from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
