"""The request's user is loaded with their role in one query (``accounts.backends.UserBackend``):
the role it reads is the one ``policy.assigned_role`` gives, and nobody is let in who was not before."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts import policy
from accounts.backends import UserBackend
from accounts.models import RoleName
from tests import factories as f
from tests.helpers import queries_of, request_queries

pytestmark = pytest.mark.django_db


def _groups(user, *names):
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in names])


@pytest.mark.parametrize(
    "names",
    [
        (),
        (RoleName.READER,),
        (RoleName.CONTACT, RoleName.COORDINATOR),  # several given by an admin: the most powerful wins
        (RoleName.READER, RoleName.ADMIN, RoleName.OFFICIAL),
        ("Styrelsen",),  # a group that is no role
        ("Styrelsen", RoleName.OFFICIAL),
    ],
)
def test_the_role_read_with_the_user_is_the_policys(names):
    user = f.UserFactory()
    _groups(user, *names)
    loaded = UserBackend().get_user(user.pk)
    expected = policy.assigned_role(type(user).objects.get(pk=user.pk))
    assert queries_of(lambda: policy.assigned_role(loaded)) == 0
    assert policy.assigned_role(loaded) == expected


def test_loading_the_user_is_one_query(client):
    user = f.coordinator("24")
    backend = UserBackend()
    assert queries_of(lambda: policy.role_of(backend.get_user(user.pk))) == 1
    assert policy.role_of(backend.get_user(user.pk)) == RoleName.COORDINATOR


def test_an_inactive_or_unknown_user_is_not_loaded():
    user = f.coordinator("24", is_active=False)
    assert UserBackend().get_user(user.pk) is None
    assert UserBackend().get_user(999_999) is None


def test_a_signed_in_page_does_not_ask_for_the_role_again(client):
    user = f.coordinator("24")
    client.force_login(user)
    sql = [str(q) for q in request_queries(client, "/", warm=True)]
    users = [q for q in sql if q.startswith('SELECT "accounts_user"."id"')]
    assert len(users) == 1 and '"auth_group"' in users[0]  # the role, in the user's query
    assert not any(q.startswith('SELECT "auth_group"') for q in sql), sql  # and in no other
