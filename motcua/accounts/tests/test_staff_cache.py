"""What is kept of a member of staff between requests, and when it is read again."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import DjangoAssertNumQueries

from motcua.accounts import staff_cache
from motcua.accounts.models import Role, User
from motcua.accounts.roles import memberships_of
from motcua.accounts.tests.factories import MembershipFactory, StaffFactory
from motcua.accounts.totp import has_confirmed_device
from motcua.agencies.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    """The user as a new request sees it."""
    return User.objects.get(pk=user.pk)


@override_settings(MOTCUA_STAFF_SECONDS=60)
def test_memberships_and_authenticator_are_kept_until_a_save_renews_them(
    django_capture_on_commit_callbacks: Any, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    cache.clear()

    def committed(write: Callable[[], Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    person = committed(StaffFactory.create)
    membership = committed(
        lambda: MembershipFactory.create(
            user=person, unit=UnitFactory.create(), role=Role.SPECIALIST
        )
    )
    first = fresh(person)
    assert [m.role for m in memberships_of(first)] == [Role.SPECIALIST]
    assert has_confirmed_device(first) is False
    later = fresh(person)
    with django_assert_num_queries(0):
        assert [m.pk for m in memberships_of(later)] == [membership.pk]
        assert has_confirmed_device(later) is False
    # Signing in saves only the last login: nothing is read again.
    committed(lambda: update_last_login(User, person))
    signed_in = fresh(person)
    with django_assert_num_queries(0):
        assert [m.pk for m in memberships_of(signed_in)] == [membership.pk]
    # A membership ended, an authenticator confirmed: the next request reads them again.
    membership.is_active = False
    committed(membership.save)
    committed(lambda: TOTPDevice.objects.create(user=person, name="phone", confirmed=True))
    again = fresh(person)
    assert memberships_of(again) == ()
    assert has_confirmed_device(again) is True


def test_nothing_is_kept_between_requests_in_a_per_process_cache() -> None:
    assert staff_cache.staff_seconds() == 0
    redis = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    with override_settings(CACHES=redis):
        assert staff_cache.staff_seconds() == staff_cache.DEFAULT_SECONDS
