"""Settings shared by every environment. Values that differ per installation come from env."""

import json
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from motcua.settings.env import env_bool, env_int, env_list, env_optional_int, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "motcua"
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public address of the portal, printed in QR codes and messages to citizens.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Domain and kernel first, so that their templates and translations win.
    "motcua.core",
    "motcua.agencies",
    "motcua.accounts",
    "motcua.worktime",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.notifications",
    "motcua.official_forms",
    "motcua.evaluations",
    # The demo province builder (depends on the domain apps, nothing depends on it).
    "motcua.demo",
    # Faces.
    "motcua.portal",
    "motcua.backoffice",
    "motcua.api",
    # Third-party.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django (the admin with the OTP access rule of motcua.accounts.admin_site).
    "motcua.accounts.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.core.middleware.RequestContextMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the development server read while a command writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the inbox's conditional aggregates (one count per tab) carry
    # correlated subqueries that the planner prices high, and compiling them took seconds
    # for a query that runs in milliseconds (bench/dossier_inbox.py). Parallel workers only
    # for large reads (the statistics of a province): starting them cost an inbox's 2 ms
    # query 5 to 20 ms, and under many concurrent requests the cores are busy anyway.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c parallel_setup_cost=10000"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "motcua.accounts.backends.PhoneOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"

# Lock-out after repeated failed sign-ins (django-axes), per account name.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Count failures per account however its phone number or e-mail is typed; answer with the
# lock-out page in the layout of the face that was used.
AXES_USERNAME_CALLABLE = "motcua.accounts.lockout.lockout_key"
AXES_LOCKOUT_CALLABLE = "motcua.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Lock the account, whatever address the attempts come from (axes warns that this is not
# per address; a per-account lock-out is the rule we want).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Một Cửa")
# The admin never shows an authenticator's secret (staff enrol in the back-office).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are never served as static files: a permission-checked view streams them.
MEDIA_URL = "/files/"

STORAGES = {
    "default": {
        "BACKEND": env_str("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(env_str("FILE_STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "motcua.core.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            # Installations on one machine (a province's and its benchmark's databases) may
            # share a Redis database: each keeps its keys apart.
            "KEY_PREFIX": DATABASES["default"]["NAME"],
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# With Redis, sessions are read from the cache and written through to the database: every
# signed-in request reads its session, and Redis answers sooner than PostgreSQL.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Without a broker, tasks run in the calling process (development, tests).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Một Cửa <no-reply@localhost>")

# Outgoing SMS: a provider registered in motcua.notifications.sms, and its options (JSON).
SMS_PROVIDER = env_str("SMS_PROVIDER", "log")
SMS_OPTIONS = json.loads(env_str("SMS_OPTIONS", "{}"))

# The outbox and the lateness warnings (docs/notifications.md).
MOTCUA_NOTIFICATION_MAX_ATTEMPTS = env_int("MOTCUA_NOTIFICATION_MAX_ATTEMPTS", 12)
MOTCUA_NOTIFICATION_RETRY_SECONDS = env_int("MOTCUA_NOTIFICATION_RETRY_SECONDS", 60)
MOTCUA_NOTIFICATION_RETRY_MAX_SECONDS = env_int("MOTCUA_NOTIFICATION_RETRY_MAX_SECONDS", 6 * 3600)
# 0: the "due soon" window of the inboxes (MOTCUA_DUE_SOON_WORKING_HOURS).
MOTCUA_DOSSIER_WARNING_WORKING_HOURS = env_int("MOTCUA_DOSSIER_WARNING_WORKING_HOURS", 0)
MOTCUA_STEP_WARNING_WORKING_HOURS = env_int("MOTCUA_STEP_WARNING_WORKING_HOURS", 4)
# Celery beat (production): the dispatcher every minute, the lateness job every 15 minutes.
# A run not started within its period is dropped: the next one does the same work.
CELERY_BEAT_SCHEDULE = {
    "send-notifications": {
        "task": "motcua.notifications.tasks.send_notifications",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "warn-lateness": {
        "task": "motcua.notifications.tasks.warn_lateness",
        "schedule": 15 * 60.0,
        "options": {"expires": 14 * 60},
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "motcua.api.schema.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "motcua.api.exceptions.exception_handler",
    # How many proxies of ours stand in front (a load balancer: 1). The throttles take the
    # client's address from X-Forwarded-For only that far back; with none, a client would
    # pick its own address by sending the header, and guess lookup secrets without limit.
    "NUM_PROXIES": env_int("TRUSTED_PROXIES", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Một Cửa API",
    "DESCRIPTION": "REST API of the Một Cửa platform (procedures, dossiers, calendar, statistics).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: Swagger UI would send the schema's address to an outside service.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Choice sets that several serializers share get one name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "FeeKindEnum": "motcua.catalog.models.FeeKind",
        "UnitKindEnum": "motcua.agencies.models.UnitKind",
        "TimeUnitEnum": "motcua.worktime.limits.TimeUnit",
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each step of every PDF at INFO; only its warnings matter.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# The benchmarks' baseline view /bench/ping/ (bench/run_all.py, docs/performance.md); never on
# in a province's installation.
MOTCUA_BENCH_ENDPOINTS = env_bool("MOTCUA_BENCH_ENDPOINTS", default=False)

# The province this installation serves; the demo builder and the calendar read it.
MOTCUA_PROVINCE_NAME = env_str("MOTCUA_PROVINCE_NAME", "Tỉnh Nghệ An")

# How many dossiers a first `seed_demo` gives the demo province (motcua.demo.dossiers).
MOTCUA_DEMO_DOSSIERS = env_int("MOTCUA_DEMO_DOSSIERS", 2000)
# How old the statistics may be, in seconds (motcua.core.recent); 0 computes every request.
MOTCUA_STATISTICS_FRESH_SECONDS = env_int("MOTCUA_STATISTICS_FRESH_SECONDS", 60)
# How long answers renewed by generation tokens are kept in the shared cache; unset, each
# feature's default with Redis and 0 without (motcua.core.cache.remembered_seconds).
MOTCUA_INBOX_HISTORY_SECONDS = env_optional_int("MOTCUA_INBOX_HISTORY_SECONDS")
MOTCUA_INBOX_OPEN_SECONDS = env_optional_int("MOTCUA_INBOX_OPEN_SECONDS")
MOTCUA_CATALOGUE_ANSWERS_SECONDS = env_optional_int("MOTCUA_CATALOGUE_ANSWERS_SECONDS")
MOTCUA_LOOKUP_SECONDS = env_optional_int("MOTCUA_LOOKUP_SECONDS")
MOTCUA_STAFF_SECONDS = env_optional_int("MOTCUA_STAFF_SECONDS")
