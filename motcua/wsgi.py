"""WSGI entry point for gunicorn (production settings unless told otherwise)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.production")
application = get_wsgi_application()

from motcua.warmup import warm_up  # noqa: E402 (needs the apps loaded above)

# Loaded once here, shared by every worker gunicorn forks from this process.
warm_up()
