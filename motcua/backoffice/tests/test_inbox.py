"""The back-office inbox: tabs and counts, filters, search, keyset pages, who sees what, and
the number of queries, which must not grow with the number of dossiers."""

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone, translation
from pytest_django.fixtures import DjangoAssertNumQueries

from motcua.accounts.models import Role
from motcua.backoffice.inbox_forms import InboxFilterForm
from motcua.backoffice.views.inbox import shown_count
from motcua.catalog.tests.factories import FieldFactory
from motcua.dossiers import inbox
from motcua.dossiers.inbox import Cursor, InboxFilters, Tab
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import (
    Province,
    at,
    desk_dossier,
    draft_dossier,
    online_dossier,
    staff,
)
from motcua.worktime.limits import Channel
from motcua.worktime.queries import get_calendar

INBOX = "/can-bo/ho-so/"
MONDAY = at(2026, 3, 2, 8)


def received(world: Province, now: datetime.datetime = MONDAY, **kwargs: Any) -> Dossier:
    dossier = desk_dossier(world, **kwargs)
    perform(dossier, Action.RECEIVE, world.officer, now=now)
    return dossier


def tab_counts(html: str) -> dict[str, int]:
    return {tab: int(count) for tab, count in re.findall(r'data-tab="(\w+)">(\d+)</span>', html)}


def listed(html: str) -> list[str]:
    """The dossier links of the list, in order."""
    return re.findall(r'<th scope="row"><a href="/can-bo/ho-so/([^/]+)/">', html)


def ref(dossier: Dossier) -> str:
    return dossier.code or f"so-{dossier.pk}"


def test_each_tab_lists_what_waits_for_the_person_with_its_count(
    world: Province, client: Client
) -> None:
    to_receive = online_dossier(world)
    at_desk = received(world)  # received in March: overdue on today's clock
    supplement = desk_dossier(world)
    perform(supplement, Action.REQUEST_SUPPLEMENT, world.officer, items=["Bản sao CCCD"])
    refused = desk_dossier(world)
    perform(refused, Action.REFUSE, world.officer, reasons=["Không thuộc thẩm quyền"])
    at_department = received(world)
    perform(at_department, Action.TRANSFER, world.officer, now=MONDAY)

    client.force_login(world.officer)
    page = client.get(INBOX).content.decode()
    # The desk starts on the dossiers waiting for its check.
    assert listed(page) == [ref(to_receive)]
    assert tab_counts(page) == {
        "receive": 1,
        "process": 1,
        "due_soon": 0,
        "overdue": 1,
        "waiting": 1,
        "done": 1,
    }
    assert listed(client.get(INBOX, {"tab": "process"}).content.decode()) == [ref(at_desk)]
    assert listed(client.get(INBOX, {"tab": "overdue"}).content.decode()) == [ref(at_desk)]
    assert listed(client.get(INBOX, {"tab": "waiting"}).content.decode()) == [ref(supplement)]
    assert listed(client.get(INBOX, {"tab": "done"}).content.decode()) == [ref(refused)]

    client.force_login(world.leader)
    page = client.get(INBOX).content.decode()
    assert listed(page) == [ref(at_department)]
    # The department also reaches the dossier it hands back later, but nothing else waits.
    assert tab_counts(page)["receive"] == 0 and tab_counts(page)["process"] == 1

    client.force_login(world.other_officer)
    assert set(tab_counts(client.get(INBOX).content.decode()).values()) == {0}


@override_settings(MOTCUA_DUE_SOON_WORKING_HOURS=60)
def test_due_soon_is_computed_from_the_appointment_and_the_clock(
    world: Province, client: Client
) -> None:
    soon = received(world, now=timezone.now())
    client.force_login(world.officer)
    page = client.get(INBOX, {"tab": "due_soon"}).content.decode()
    assert listed(page) == [ref(soon)]
    assert tab_counts(page)["due_soon"] == 1 and tab_counts(page)["overdue"] == 0
    with override_settings(MOTCUA_DUE_SOON_WORKING_HOURS=1):
        assert listed(client.get(INBOX, {"tab": "due_soon"}).content.decode()) == []


def test_a_consulted_agency_finds_the_dossier_in_its_inbox_while_it_is_asked(
    world: Province, client: Client
) -> None:
    dossier = received(world, version=world.joint_version)
    perform(dossier, Action.TRANSFER, world.officer, now=MONDAY)
    perform(dossier, Action.ASSIGN, world.leader, now=MONDAY, specialist=world.specialist)
    perform(dossier, Action.CONSULT, world.specialist, now=MONDAY)
    client.force_login(world.police_specialist)
    assert listed(client.get(INBOX, {"tab": "process"}).content.decode()) == [ref(dossier)]
    perform(dossier, Action.ANSWER_CONSULTATION, world.police_specialist, opinion="Đồng ý")
    assert listed(client.get(INBOX, {"tab": "process"}).content.decode()) == []


def test_search_by_code_applicant_without_diacritics_or_procedure(
    world: Province, client: Client
) -> None:
    mine = online_dossier(world)
    perform(mine, Action.RECEIVE, world.officer, now=MONDAY)
    other = received(world)  # "Trần Thị Không Tài Khoản"
    client.force_login(world.officer)

    def found(text: str) -> list[str]:
        return listed(client.get(INBOX, {"tab": "overdue", "q": text}).content.decode())

    mine.refresh_from_db()
    assert mine.code is not None
    assert found("nguyen van an") == [mine.code]
    assert found("NGUYỄN") == [mine.code]
    assert found(mine.code.lower()) == [mine.code]
    assert found("khong tai khoan") == [other.code]
    name = world.version.name
    assert other.code is not None
    assert found(name) == sorted([mine.code, other.code])
    assert found("không có ai tên này") == []


def test_filters_narrow_every_tab_and_its_count(world: Province, client: Client) -> None:
    by_post = desk_dossier(world, channel=Channel.POST)
    at_desk = desk_dossier(world)
    joint = desk_dossier(world, version=world.joint_version)
    client.force_login(world.officer)

    def shown(**filters: str) -> list[str]:
        page = client.get(INBOX, {"tab": "receive", **filters}).content.decode()
        assert tab_counts(page)["receive"] == len(listed(page))
        return listed(page)

    assert shown(channel="post") == [ref(by_post)]
    assert sorted(shown(channel="desk")) == sorted([ref(at_desk), ref(joint)])
    assert shown(procedure=world.joint_version.procedure.code) == [ref(joint)]
    assert len(shown(submitted_from="2026-03-02", submitted_to="2026-03-02")) == 3
    assert shown(submitted_from="2026-03-03") == []
    assert shown(unit=str(world.centre.pk)) != []
    assert shown(mine="on") == sorted([ref(by_post), ref(at_desk), ref(joint)])


def test_a_unit_outside_the_persons_reach_is_not_a_filter(world: Province, client: Client) -> None:
    desk_dossier(world)
    client.force_login(world.officer)
    page = client.get(INBOX, {"tab": "receive", "unit": str(world.other_centre.pk)})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="{world.other_centre.pk}"' not in html  # not offered
    assert len(listed(html)) == 1  # and ignored, with the field's message
    assert "is-invalid" in html


def test_pages_follow_a_keyset_cursor_and_show_every_row_once(
    world: Province, client: Client
) -> None:
    dossiers = [desk_dossier(world) for _ in range(7)]
    first = inbox.inbox_page(world.officer, Tab.RECEIVE, size=3)
    assert first.next_cursor is not None
    second = inbox.inbox_page(world.officer, Tab.RECEIVE, after=first.next_cursor, size=3)
    assert second.next_cursor is not None
    third = inbox.inbox_page(world.officer, Tab.RECEIVE, after=second.next_cursor, size=3)
    assert third.next_cursor is None
    seen = [row.pk for page in (first, second, third) for row in page.rows]
    # Same submission moment for all: the primary key orders them.
    assert seen == sorted(dossier.pk for dossier in dossiers)

    done = []
    for dossier in dossiers:
        perform(dossier, Action.REFUSE, world.officer, reasons=["Sai thẩm quyền"])
        done.append(dossier.pk)
    newest_first = inbox.inbox_page(world.officer, Tab.DONE, size=4)
    assert newest_first.next_cursor is not None
    rest = inbox.inbox_page(world.officer, Tab.DONE, after=newest_first.next_cursor, size=4)
    assert [row.pk for row in newest_first.rows + rest.rows] == sorted(done, reverse=True)


def test_the_next_page_link_and_a_forged_cursor(world: Province, client: Client) -> None:
    for _ in range(inbox.PAGE_SIZE + 2):
        desk_dossier(world)
    client.force_login(world.officer)
    page = client.get(INBOX, {"tab": "receive"}).content.decode()
    assert len(listed(page)) == inbox.PAGE_SIZE
    link = re.search(r'rel="next" href="\?([^"]+)"', page)
    assert link is not None
    second = client.get(INBOX + "?" + link.group(1).replace("&amp;", "&")).content.decode()
    assert len(listed(second)) == 2
    assert not set(listed(second)) & set(listed(page))
    forged = client.get(INBOX, {"tab": "receive", "after": "not-a-cursor!"})
    assert forged.status_code == 200 and listed(forged.content.decode()) == listed(page)
    assert Cursor.decode(Cursor(MONDAY, 5).encode()) == Cursor(MONDAY, 5)
    assert Cursor.decode("MjAyNi0wMy0wMlQwODowMHw1") is None  # a moment without its zone


@pytest.mark.parametrize("count", [1, 8])
def test_the_inbox_page_costs_the_same_queries_whatever_the_number_of_dossiers(
    world: Province, client: Client, count: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(count):
        perform(received(world), Action.TRANSFER, world.officer, now=MONDAY)
        desk_dossier(world)
    client.force_login(world.officer)
    get_calendar(None)  # built once per process
    # The session, the user, the authenticator check, the memberships (role check and
    # layout), the person's units (the filters' choices and the queries), the fields of the
    # filters, the open tabs' rows (the counts and the page; every appointment is passed,
    # so the calendar's "due soon" limit is never needed), the rows of the page, and the
    # "done" count (the finished dossiers held at the units, then, as they are fewer than
    # the limit, by every reason of reach).
    with django_assert_num_queries(10):
        response = client.get(INBOX, {"tab": "receive"})
    assert len(listed(response.content.decode())) == count


def test_counts_cost_a_few_queries(
    world: Province, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(3):
        received(world)
        desk_dossier(world)
    get_calendar(None)
    now = timezone.now()
    # The person's units, the open tabs' rows, the finished dossiers held at the units
    # (stopped at the limit) and, as they are fewer than the limit, the finished dossiers by
    # every reason of reach.
    with django_assert_num_queries(4):
        counts = inbox.tab_counts(world.officer, InboxFilters(channel="desk"), now)
    assert counts[Tab.RECEIVE] == 3 and counts[Tab.OVERDUE] == 3


def test_htmx_gets_only_the_tabs_and_the_list(world: Province, client: Client) -> None:
    desk_dossier(world)
    client.force_login(world.officer)
    fragment = client.get(INBOX, {"tab": "receive"}, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html and "mc-inbox-tabs" in html and len(listed(html)) == 1


def test_citizens_and_strangers_do_not_reach_the_inbox(world: Province, client: Client) -> None:
    anonymous = client.get(INBOX)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/can-bo/dang-nhap/")
    client.force_login(world.citizen)
    assert client.get(INBOX).status_code == 403


def test_a_draft_the_citizen_withdrew_is_not_in_the_staffs_inbox(
    world: Province, client: Client
) -> None:
    draft = draft_dossier(world)
    perform(draft, Action.WITHDRAW, world.citizen)
    draft.refresh_from_db()
    assert draft.state == State.CANCELLED
    client.force_login(world.officer)
    page = client.get(INBOX, {"tab": "done"}).content.decode()
    assert listed(page) == [] and tab_counts(page)["done"] == 0


@pytest.mark.postgres
def test_postgresql_connections_do_not_compile_queries_just_in_time(db: None) -> None:
    # Compiling the counts' plan took seconds for a query that runs in milliseconds
    # (bench/dossier_inbox.py); settings turn JIT off for every connection.
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_wrong_filter_values_are_ignored_with_their_message(
    world: Province, client: Client
) -> None:
    desk_dossier(world)
    client.force_login(world.officer)
    response = client.get(
        INBOX,
        {
            "tab": "everything",
            "field": "no-such-field",
            "channel": "pigeon",
            "submitted_from": "2026-13-45",
            "submitted_to": "yesterday",
            "unit": "abc",
            "q": "x" * 500,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("is-invalid") >= 4
    # Nothing valid is left to filter on: the default tab with everything in it.
    assert tab_counts(html)["receive"] == 1
    reversed_period = client.get(
        INBOX, {"tab": "receive", "submitted_from": "2026-03-05", "submitted_to": "2026-03-01"}
    )
    assert "Ngày cuối kỳ trước ngày đầu kỳ." in reversed_period.content.decode()


def test_the_side_navigation_marks_the_inbox_as_the_current_page(
    world: Province, client: Client
) -> None:
    client.force_login(world.officer)
    html = client.get(INBOX).content.decode()
    current = re.findall(
        r'<a class="nav-link[^"]* active" href="([^"]+)" aria-current="page">', html
    )
    assert current == [INBOX]
    home = client.get("/can-bo/").content.decode()
    assert re.findall(
        r'<a class="nav-link[^"]* active" href="([^"]+)" aria-current="page">', home
    ) == ["/can-bo/"]


def test_the_done_count_stops_one_past_its_limit_and_the_list_does_not(
    world: Province, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inbox, "DONE_COUNT_LIMIT", 2)
    for _ in range(4):
        perform(desk_dossier(world), Action.REFUSE, world.officer, reasons=["Sai thẩm quyền"])
    received(world)
    counts = inbox.tab_counts(world.officer)
    assert counts[Tab.DONE] == 3 and counts[Tab.PROCESS] == 1
    client.force_login(world.officer)
    page = client.get(INBOX, {"tab": "done"}).content.decode()
    assert 'data-tab="done">2+</span>' in page and 'data-tab="process">1</span>' in page
    assert len(listed(page)) == 4
    monkeypatch.setattr(inbox, "DONE_COUNT_LIMIT", 4)
    assert inbox.tab_counts(world.officer)[Tab.DONE] == 4
    # A search counts its own finished matches, under the same limit.
    monkeypatch.setattr(inbox, "DONE_COUNT_LIMIT", 2)
    refused = Dossier.objects.filter(state=State.REFUSED).select_related(
        "procedure_version__procedure"
    )
    code = refused[0].procedure_version.procedure.code
    assert inbox.tab_counts(world.officer, InboxFilters(text=code))[Tab.DONE] == 3


def test_a_bounded_count_reads_with_the_thousands_separator() -> None:
    with translation.override("vi"):
        assert shown_count(inbox.DONE_COUNT_LIMIT + 1) == "1.000+"
        assert shown_count(inbox.DONE_COUNT_LIMIT) == "1.000"
        assert shown_count(7) == "7"


def test_the_done_count_reaches_by_every_reason_of_dossiers_for(
    world: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reached only by a row of the control slip: a consulted agency, once it is finished.
    consulted = received(world, version=world.joint_version)
    perform(consulted, Action.TRANSFER, world.officer, now=MONDAY)
    perform(consulted, Action.ASSIGN, world.leader, now=MONDAY, specialist=world.specialist)
    perform(consulted, Action.CONSULT, world.specialist, now=MONDAY)
    perform(consulted, Action.ANSWER_CONSULTATION, world.police_specialist, opinion="Đồng ý")
    Dossier.objects.filter(pk=consulted.pk).update(state=State.RETURNED)
    assert inbox.tab_counts(world.police_specialist)[Tab.DONE] == 1
    for _ in range(2):
        perform(desk_dossier(world), Action.REFUSE, world.officer, reasons=["Sai thẩm quyền"])
    assert inbox.tab_counts(world.police_specialist)[Tab.DONE] == 1
    assert inbox.tab_counts(world.officer)[Tab.DONE] == 3
    # A system administrator reaches every dossier, whatever the unit of the membership.
    administrator = staff(world.police, Role.SYSTEM_ADMINISTRATOR)
    assert inbox.tab_counts(administrator)[Tab.DONE] == 3
    monkeypatch.setattr(inbox, "DONE_COUNT_LIMIT", 1)
    assert inbox.tab_counts(administrator)[Tab.DONE] == 2
    assert inbox.tab_counts(world.police_specialist)[Tab.DONE] == 1
    # A search reaches through the same reasons, and no further.
    assert (
        inbox.tab_counts(world.police_specialist, InboxFilters(text=str(consulted.code)))[Tab.DONE]
        == 1
    )
    refused = Dossier.objects.filter(state=State.REFUSED).select_related(
        "procedure_version__procedure"
    )
    searched = InboxFilters(text=refused[0].procedure_version.procedure.code)
    assert inbox.tab_counts(world.police_specialist, searched)[Tab.DONE] == 0
    assert inbox.tab_counts(world.officer, searched)[Tab.DONE] == 2


@override_settings(MOTCUA_INBOX_HISTORY_SECONDS=60)
def test_the_done_tab_is_remembered_until_a_dossier_of_the_units_finishes(
    world: Province, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    cache.clear()
    perform(desk_dossier(world), Action.REFUSE, world.officer, reasons=["Sai thẩm quyền"])
    quiet = desk_dossier(world)
    client.force_login(world.officer)
    page = client.get(INBOX, {"tab": "done"}).content.decode()
    assert tab_counts(page)["done"] == 1 and len(listed(page)) == 1
    # A change behind the lifecycle's back is not seen while the figures are remembered.
    Dossier.objects.filter(pk=quiet.pk).update(state=State.REFUSED)
    assert inbox.tab_counts(world.officer)[Tab.DONE] == 1
    # A transition into a finished state renews the units' figures once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        perform(desk_dossier(world), Action.REFUSE, world.officer, reasons=["Sai thẩm quyền"])
    page = client.get(INBOX, {"tab": "done"}).content.decode()
    assert tab_counts(page)["done"] == 3 and len(listed(page)) == 3
    # Another unit's figures were not touched: the police's stay remembered.
    assert inbox.tab_counts(world.police_specialist)[Tab.DONE] == 0
    with override_settings(MOTCUA_INBOX_HISTORY_SECONDS=0):
        assert inbox.history_seconds() == 0


def test_the_done_tab_is_remembered_only_in_a_shared_cache_unless_configured() -> None:
    assert inbox.history_seconds() == 0  # the tests' cache is per process
    redis = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    with override_settings(CACHES=redis):
        assert inbox.history_seconds() == inbox.HISTORY_DEFAULT_SECONDS


@override_settings(MOTCUA_INBOX_OPEN_SECONDS=60)
def test_the_open_tabs_are_remembered_until_a_dossier_or_slip_row_of_the_units_is_saved(
    world: Province, django_capture_on_commit_callbacks: Any
) -> None:
    cache.clear()

    def counts(user: Any) -> dict[Tab, int]:
        remembered = inbox.tab_counts(user)
        with override_settings(MOTCUA_INBOX_OPEN_SECONDS=0):
            assert remembered == inbox.tab_counts(user), "the remembered rows are out of date"
        return remembered

    def committed(write: Callable[[], Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    dossier = committed(lambda: desk_dossier(world))
    assert counts(world.officer)[Tab.RECEIVE] == 1
    committed(lambda: online_dossier(world))
    assert counts(world.officer)[Tab.RECEIVE] == 2
    committed(lambda: perform(dossier, Action.RECEIVE, world.officer, now=MONDAY))
    assert counts(world.officer)[Tab.PROCESS] == 1
    # Handed over to the department: gone from the desk's unit, there at the department.
    department_before = counts(world.specialist)[Tab.PROCESS]
    committed(lambda: perform(dossier, Action.TRANSFER, world.officer, now=MONDAY))
    assert counts(world.officer)[Tab.PROCESS] == 0
    assert counts(world.specialist)[Tab.PROCESS] == department_before + 1
    # A bulk update saves nothing: the remembered rows stay until a save renews them.
    Dossier.objects.filter(state=State.SUBMITTED).update(state=State.RECEIVED)
    assert inbox.tab_counts(world.officer)[Tab.RECEIVE] == 1
    committed(lambda: desk_dossier(world))
    assert counts(world.officer)[Tab.RECEIVE] == 1  # the new one; the updated one is received


def test_the_open_tabs_are_remembered_only_in_a_shared_cache_unless_configured() -> None:
    assert inbox.open_seconds() == 0
    redis = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    with override_settings(CACHES=redis):
        assert inbox.open_seconds() == inbox.OPEN_DEFAULT_SECONDS


@override_settings(MOTCUA_CATALOGUE_ANSWERS_SECONDS=60)
def test_the_field_filter_offers_a_new_field_once_it_is_saved(
    world: Province, django_capture_on_commit_callbacks: Any
) -> None:
    cache.clear()

    def offered() -> str:
        """The field select's HTML."""
        return str(InboxFilterForm({}, user=world.officer)["field"])

    assert "Lĩnh vực mới" not in offered()
    with django_capture_on_commit_callbacks(execute=True):
        FieldFactory.create(name="Lĩnh vực mới")
    assert "Lĩnh vực mới" in offered()


@override_settings(MOTCUA_CATALOGUE_ANSWERS_SECONDS=60)
def test_the_kept_filters_show_what_each_request_asked(world: Province, client: Client) -> None:
    cache.clear()
    client.force_login(world.officer)
    first = client.get(INBOX, {"q": "Nguyễn An"}).content.decode()
    assert 'value="Nguyễn An"' in first
    again = client.get(INBOX, {"q": "Trần Bình", "submitted_from": "2026-03-09"}).content.decode()
    assert 'value="Trần Bình"' in again and 'value="Nguyễn An"' not in again
    assert 'value="2026-03-09"' in again
    # A wrong period is still named, from the kept form as from a new one.
    wrong = {"submitted_from": "2026-03-09", "submitted_to": "2026-03-01"}
    for _ in range(2):
        page = client.get(INBOX, wrong).content.decode()
        assert "Ngày cuối kỳ trước ngày đầu kỳ." in page


def test_a_kept_row_shows_what_the_dossier_now_holds_in_the_language_asked(
    world: Province, client: Client
) -> None:
    def rows(person: Any, language: str) -> str:
        client.force_login(person)
        client.cookies["django_language"] = language
        page = client.get(INBOX, {"tab": "process"}).content.decode()
        return page[page.index("<tbody>") : page.index("</tbody>")]

    dossier = received(world)
    assert "Đã tiếp nhận" in rows(world.officer, "vi")
    assert "Received" in rows(world.officer, "en")
    perform(dossier, Action.TRANSFER, world.officer, now=MONDAY)
    perform(dossier, Action.ASSIGN, world.leader, now=MONDAY, specialist=world.specialist)
    shown = rows(world.specialist, "en")
    assert "Received" not in shown
    assert str(world.specialist) in shown
