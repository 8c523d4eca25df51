"""Imports that run in the background, with their progress where the admin page can read it.

A file uploaded in the admin is stored, imported by a Celery task (eagerly, in the request,
in development and tests) and then deleted; the task writes its progress and its outcome to
the cache under the job's id, and the admin's status page shows them until the job ends.
"""

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.cache import cache

from motcua.catalog.importing import Problem

# Long enough to read the outcome the next morning; a job is not kept beyond.
KEEP_SECONDS = 24 * 3600

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass
class ImportJob:
    id: str
    filename: str
    state: str = QUEUED
    done: int = 0
    total: int = 0
    summary: str = ""
    problems: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(cls, filename: str) -> "ImportJob":
        job = cls(id=uuid.uuid4().hex, filename=filename)
        job.save()
        return job

    @classmethod
    def load(cls, job_id: str) -> "ImportJob | None":
        data = cache.get(_key(job_id))
        return cls(**data) if data is not None else None

    def save(self) -> None:
        cache.set(_key(self.id), asdict(self), KEEP_SECONDS)

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def advance(self, done: int, total: int) -> None:
        self.state, self.done, self.total = RUNNING, done, total
        if done == 1 or done == total or done % max(total // 100, 1) == 0:  # about 1 % steps
            self.save()

    def succeed(self, summary: str) -> None:
        self.state, self.summary = DONE, summary
        self.save()

    def fail(self, problems: list[Problem]) -> None:
        self.state, self.problems = FAILED, [asdict(problem) for problem in problems]
        self.save()


def _key(job_id: str) -> str:
    return f"catalog:import:{job_id}"
