"""The test suite: fast hashing, eager tasks, local files in a temporary folder."""

import tempfile

from motcua.settings.base import *  # noqa: F403
from motcua.settings.env import env_str

SECRET_KEY = env_str("SECRET_KEY", "test-only-secret-key")
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="motcua-test-media-")  # type: ignore[assignment]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {}},
}
# Static files straight from the apps and node packages, as in development (live-server tests).
STATIC_ROOT = tempfile.mkdtemp(prefix="motcua-test-static-")  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Several tests run seed_demo; those about the demo dossiers ask for their own count.
MOTCUA_DEMO_DOSSIERS = 0
# Tests change dossiers and read the statistics at once (test_recent covers the sharing).
MOTCUA_STATISTICS_FRESH_SECONDS = 0
