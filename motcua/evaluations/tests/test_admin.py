"""The evaluations in the admin: a read-only list with filters, in Vietnamese."""

from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from motcua.accounts.models import User, UserKind
from motcua.core.admin import AuditedModelAdmin
from motcua.dossiers.tests.factories import Province, at
from motcua.evaluations.admin import EvaluationAdmin
from motcua.evaluations.models import Level
from motcua.evaluations.tests.factories import evaluated


def test_the_admin_lists_evaluations_read_only_with_filters(world: Province) -> None:
    assert issubclass(EvaluationAdmin, AuditedModelAdmin)
    happy = evaluated(world, Level.VERY_SATISFIED, at(2026, 3, 6, 9), attitude="courteous")
    unhappy = evaluated(world, Level.DISSATISFIED, at(2026, 3, 7, 9))
    client = Client()
    client.force_login(User.objects.create_superuser("quantri", password="x", kind=UserKind.STAFF))
    listing = client.get("/admin/evaluations/evaluation/")
    assertContains(listing, "Mức độ hài lòng")  # the level filter
    assertContains(listing, "Bởi thái độ của cán bộ")
    assertContains(listing, str(happy.dossier.code))
    assertNotContains(listing, "Thêm đánh giá")
    filtered = client.get("/admin/evaluations/evaluation/", {"level__exact": "dissatisfied"})
    assertContains(filtered, str(unhappy.dossier.code))
    assertNotContains(filtered, str(happy.dossier.code))
    page = client.get(f"/admin/evaluations/evaluation/{happy.pk}/change/")
    assert page.status_code == 200
    assertNotContains(page, 'name="_save"')
    assert client.get("/admin/evaluations/evaluation/add/").status_code == 403
    deleting = client.get(f"/admin/evaluations/evaluation/{happy.pk}/delete/")
    assert deleting.status_code == 403
    # The audit trail's admin shares the read-only rule, and lists the evaluation's event.
    trail = client.get("/admin/core/auditevent/", {"action": "evaluation.evaluate"})
    assertContains(trail, "evaluation.evaluate")
    assert client.get("/admin/core/auditevent/add/").status_code == 403
