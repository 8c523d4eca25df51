"""What a web process would otherwise do during its first requests, done once before it
serves.

gunicorn loads the application in its master process (`preload_app`, deploy/gunicorn.conf.py)
and forks every worker from it, including those that replace a worker after `max_requests`:
what is loaded here is shared by all of them. Without it a new worker's first page took
0.3 to 0.6 s (the URL configuration's imports, the statutory holidays of the working-time
engine, the templates' compilation, the translation catalogues), the slowest requests under
load (docs/performance.md). Nothing here opens a database or cache connection: one opened
before the fork would be shared by the workers.
"""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import get_resolver
from django.utils import translation

from motcua.worktime.engine import statutory_notes


def warm_up() -> None:
    get_resolver().url_patterns  # noqa: B018 (imports every view)
    statutory_notes()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            pass
    for name in project_templates():
        engines["django"].get_template(name)


def project_templates() -> list[str]:
    """The names of the platform's own HTML templates (not the admin's or the libraries')."""
    package = Path(settings.PACKAGE_DIR)
    names: list[str] = []
    for directory in engines["django"].template_dirs:
        folder = Path(directory)
        if folder.is_relative_to(package):
            names.extend(str(path.relative_to(folder)) for path in sorted(folder.rglob("*.html")))
    return names
