"""Một Cửa: the electronic one-stop shop and administrative-reform platform of a province."""

from motcua.celery import app as celery_app

__all__ = ["celery_app"]
