"""The demo province is built by these steps, in order; each is deterministic and idempotent.

A step is a function `build(out: Callable[[str], None]) -> None` that creates or updates its
rows by natural keys (codes, user names), so that running `seed_demo` twice changes nothing.
Later features add their step here (catalogue, dossiers, ...).
"""

BUILDERS: list[str] = [
    "motcua.demo.province.build",
    "motcua.demo.people.build",
    "motcua.demo.calendar.build",
    "motcua.demo.catalogue.build",
    "motcua.demo.dossiers.build",
    "motcua.demo.evaluations.build",
]
