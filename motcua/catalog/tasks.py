from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.catalog.importing import CatalogueImportError, Problem, import_catalogue
from motcua.catalog.jobs import ImportJob


@shared_task
def import_catalogue_file(
    job_id: str, path: str, filename: str, actor_id: int | None, language: str
) -> None:
    """Import a stored file for an admin job, then delete it. Importing the same file again
    changes nothing, so a retried task is harmless."""
    job = ImportJob.load(job_id) or ImportJob(id=job_id, filename=filename)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        with translation.override(language), default_storage.open(path, "rb") as stream:
            report = import_catalogue(stream, filename, actor=actor, progress=job.advance)
            job.succeed(report.summary())
    except CatalogueImportError as error:
        job.fail(error.problems)
    except Exception:
        # The transaction rolled back: say so on the status page instead of leaving it waiting.
        with translation.override(language):
            message = _("The import stopped because of an unexpected error; nothing was imported.")
        job.fail([Problem("", 0, "", message)])
        raise
    finally:
        default_storage.delete(path)
