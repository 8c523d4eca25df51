"""Finding procedures by what people type: one public function, `search_procedures`, serves
the portal page and the API.

Both the query and the stored `search_text`/`search_name` columns are folded with
`motcua.core.text.fold` (lower case, no diacritics), so "dang ky khai sinh" finds
"Đăng ký khai sinh". Words may come in any order and may carry a one-letter typo.

- On PostgreSQL the candidates come from the trigram index on `search_text` (operator `<%`,
  word similarity) and are ranked in SQL by trigram word similarity against the name and the
  whole text plus the full-text rank of the exact words.
- Elsewhere (SQLite) the candidates are compared word by word in Python: a word matches
  exactly, as a prefix, or within one edit (a letter missing, extra, wrong or two letters
  swapped). The catalogue of a province holds a few thousand procedures, which this reads in
  one query.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import BooleanField, Case, F, Func, Q, QuerySet, Value, When

from motcua.agencies.models import COMMUNE_LEVEL_KINDS, Unit
from motcua.agencies.validators import QCVN102_PATTERN
from motcua.catalog.models import ProcedureVersion, UnitScope
from motcua.core.text import fold

# Word similarity from which PostgreSQL's `<%` operator keeps a row. The default (0.6) drops
# a two-word query with a typo ("ket hin" scores 0.625 against "ket hon", but a spread-out
# query such as "khai sinh ho tich" scores 0.56), so every connection lowers it.
WORD_SIMILARITY_THRESHOLD = 0.45
# At most this many ranked results; nobody reads past them, and they bound the fallback.
MAX_RESULTS = 200

_WORDS = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class ProcedureFilters:
    """Narrowing of the catalogue; empty values do not filter."""

    field: str = ""  # field code
    level: str = ""  # AuthorityLevel value
    agency: str = ""  # unit id or QCVN 102 code
    online_level: str = ""  # OnlineLevel value


def configure_connection(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Set the trigram threshold of every new PostgreSQL connection (see above)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(WORD_SIMILARITY_THRESHOLD)],
            )


def search_procedures(
    text: str = "",
    filters: ProcedureFilters | None = None,
    *,
    on: datetime.date | None = None,
) -> QuerySet[ProcedureVersion]:
    """The current versions that match `text` and `filters`, best match first.

    Without text, every current version that passes the filters, by name.
    """
    versions = _filtered(ProcedureVersion.objects.current(on), filters or ProcedureFilters())
    query = " ".join(_WORDS.findall(fold(text)))
    if not query:
        return versions.order_by("search_name", "pk")
    if connections[versions.db].vendor == "postgresql":
        return _ranked_in_postgresql(versions, query)
    return _ranked_in_python(versions, query.split())


def _filtered(versions: Any, filters: ProcedureFilters) -> Any:
    if filters.field:
        versions = versions.filter(field__code=filters.field)
    if filters.level:
        versions = versions.filter(authority_level=filters.level)
    if filters.online_level:
        versions = versions.filter(online_level=filters.online_level)
    if filters.agency:
        unit = _unit(filters.agency)
        if unit is None:
            return versions.none()
        condition = Q(unit_roles__unit=unit)
        if unit.kind in COMMUNE_LEVEL_KINDS:
            condition |= Q(unit_scope=UnitScope.EVERY_COMMUNE)
        versions = versions.filter(condition).distinct()
    return versions


def _unit(reference: str) -> Unit | None:
    if QCVN102_PATTERN.match(reference):
        return Unit.objects.filter(qcvn_code=reference).first()
    if reference.isdigit():
        return Unit.objects.filter(pk=int(reference)).first()
    return None


# --- PostgreSQL -------------------------------------------------------------------------


class _WordSimilar(Func):
    """`query <% column`: the column has a stretch of words similar to the query (indexed)."""

    arg_joiner = " <%% "
    template = "%(expressions)s"
    output_field = BooleanField()


def _ranked_in_postgresql(versions: Any, query: str) -> QuerySet[ProcedureVersion]:
    text_rank = SearchRank(
        SearchVector("search_text", config="simple"),
        SearchQuery(query, config="simple"),
        normalization=Value(1),  # divided by the length of the text: short names first
    )
    return (
        versions.filter(_WordSimilar(Value(query), F("search_text")))
        .annotate(
            rank=2 * TrigramWordSimilarity(query, "search_name")
            + TrigramWordSimilarity(query, "search_text")
            + TrigramSimilarity("search_name", query)
            + 4 * text_rank
        )
        .order_by("-rank", "search_name", "pk")[:MAX_RESULTS]
    )


# --- Fallback ---------------------------------------------------------------------------

# An exact word beats a word cut short, which beats a typo; a word found only in the field or
# the keywords counts for less than in the name, but an exact one still beats a typo.
EXACT, PREFIX, ONE_EDIT = 1.0, 0.9, 0.6
OUTSIDE_NAME = 0.8


def _within_one_edit(typed: str, word: str) -> bool:
    """One letter missing, extra or wrong, or two neighbouring letters swapped."""
    if abs(len(typed) - len(word)) > 1 or len(typed) < 3:
        return False
    if len(typed) == len(word):
        differences = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        if len(differences) <= 1:
            return True
        first, second = differences[0], differences[-1]
        return (
            len(differences) == 2
            and second == first + 1
            and typed[first] == word[second]
            and typed[second] == word[first]
        )
    shorter, longer = sorted((typed, word), key=len)
    for index, char in enumerate(shorter):
        if char != longer[index]:
            return shorter[index:] == longer[index + 1 :]
    return True


def _word_match(typed: str, words: list[str]) -> float:
    best = 0.0
    for word in words:
        if word == typed:
            return EXACT
        if len(typed) >= 2 and word.startswith(typed):
            best = max(best, PREFIX)
        elif best < ONE_EDIT and _within_one_edit(typed, word):
            best = ONE_EDIT
    return best


def _score(tokens: list[str], name: str, text: str) -> tuple[float, float] | None:
    """(how well the query matches, how much of the name it covers), or None if too little
    of the query is found."""
    name_words, text_words = name.split(), text.split()
    total, matched = 0.0, 0
    name_hits: set[str] = set()
    for token in tokens:
        in_name = _word_match(token, name_words)
        in_text = _word_match(token, text_words) * OUTSIDE_NAME
        best = max(in_name, in_text)
        if best:
            matched += 1
            total += best
        if in_name:
            name_hits.update(w for w in name_words if _word_match(token, [w]))
    # Most of what was typed must be found: two words of three, three of four...
    if matched * 3 < len(tokens) * 2:
        return None
    return total / len(tokens), len(name_hits) / max(len(name_words), 1)


def _ranked_in_python(versions: Any, tokens: list[str]) -> QuerySet[ProcedureVersion]:
    scored = []
    for pk, name, text in versions.values_list("pk", "search_name", "search_text"):
        score = _score(tokens, name, text)
        if score is not None:
            scored.append((-score[0], -score[1], name, pk))
    ranked = [pk for *_, pk in sorted(scored)[:MAX_RESULTS]]
    order = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)), default=Value(0))
    return versions.filter(pk__in=ranked).order_by(order)
