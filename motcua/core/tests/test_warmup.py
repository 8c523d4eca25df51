"""motcua.warmup: what the web process loads before gunicorn forks its workers."""

from django.template import engines
from django.template.backends.django import DjangoTemplates

from motcua.warmup import project_templates, warm_up


def test_the_platforms_own_templates_are_found_and_no_one_elses() -> None:
    names = project_templates()
    assert "backoffice/base.html" in names
    assert "backoffice/dossiers/_inbox_row.html" in names
    assert "admin/base.html" not in names


def test_warming_up_compiles_every_template_without_the_database() -> None:
    # Without the `db` fixture any query fails: the warm-up must not open a connection that
    # the forked workers would share.
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    loader = backend.engine.template_loaders[0]
    loader.reset()
    warm_up()
    # Django's cached loader (its default) now holds them, compiled.
    assert set(project_templates()) <= set(loader.get_template_cache)
