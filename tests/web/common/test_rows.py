"""``JoinedRows`` returns exactly what the ORM's ``select_related(...).filter(...)`` does:
the same rows, every field converted the same way, the joined instances cached alike (on
SQLite and on PostgreSQL, as the whole web suite runs on both)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from closeknit.web.common.rows import JoinedRows
from closeknit.web.relationships.models import Membership

pytestmark = pytest.mark.django_db

ACTIVE_MEMBERS = JoinedRows(
    Membership, joins=("relationship", "user"), equal=("relationship",), null=("left_at",)
)


def _orm(relationship_id: Any) -> list[Membership]:
    return list(
        Membership.objects.select_related("relationship", "user").filter(
            relationship_id=relationship_id, left_at__isnull=True
        )
    )


def _fields(instance: Any) -> dict[str, Any]:
    values = {k: v for k, v in instance.__dict__.items() if k != "_state"}
    values["_db"] = instance._state.db
    values["_adding"] = instance._state.adding
    return values


def _as_data(members: list[Membership]) -> list[tuple[dict[str, Any], ...]]:
    return [
        (_fields(m), _fields(m.relationship), _fields(m.user))
        for m in sorted(members, key=lambda m: m.pk)
    ]


def test_it_loads_what_select_related_loads(couple):
    loaded = ACTIVE_MEMBERS.fetch(couple.id)
    assert len(loaded) == 2
    assert _as_data(loaded) == _as_data(_orm(couple.id))


def test_the_joined_rows_need_no_further_query(couple):
    loaded = ACTIVE_MEMBERS.fetch(couple.id)
    with CaptureQueriesContext(connection) as queries:
        names = sorted(m.user.display_name for m in loaded)
        kinds = {m.relationship.kind for m in loaded}
    assert names == ["Alex", "Blair"]
    assert kinds == {"partner"}
    assert len(queries) == 0


def test_members_who_left_and_other_relationships_stay_out(couple, casey):
    from closeknit.web.relationships.actions import do_create_relationship

    do_create_relationship(casey, "friend")
    Membership.objects.filter(pk=couple.blair.pk).update(left_at=timezone.now())
    loaded = ACTIVE_MEMBERS.fetch(couple.id)
    assert [m.pk for m in loaded] == [couple.alex.pk]
    assert _as_data(loaded) == _as_data(_orm(couple.id))


def test_an_unknown_relationship_has_no_rows(db):
    import uuid

    assert ACTIVE_MEMBERS.fetch(uuid.uuid4()) == []


def test_it_refuses_none_instead_of_matching_nothing(db):
    from closeknit.web.relationships.models import Membership

    rows = JoinedRows(Membership, equal=("relationship",))
    with pytest.raises(TypeError, match="null="):
        rows.fetch(None)


def test_it_refuses_a_nullable_join():
    from closeknit.web.relationships.models import Relationship

    with pytest.raises(ValueError, match="non-null"):
        JoinedRows(Relationship, joins=("created_by",))


@pytest.mark.parametrize("backend_path", settings.AUTHENTICATION_BACKENDS)
def test_the_signed_in_user_is_the_orm_s_user(alex, backend_path):
    from django.contrib.auth import load_backend

    from closeknit.web.accounts.models import User

    backend = load_backend(backend_path)
    user = backend.get_user(alex.pk)
    assert _fields(user) == _fields(User.objects.get(pk=alex.pk))
    assert user.get_session_auth_hash() == alex.get_session_auth_hash()
    # As Django's own backend: nobody for an absent id, a malformed one or an inactive user.
    assert backend.get_user(987654) is None
    assert backend.get_user("not a number") is None
    User.objects.filter(pk=alex.pk).update(is_active=False)
    assert backend.get_user(alex.pk) is None


def test_logging_in_through_allauth_signs_in_with_one_of_our_backends(alex, client):
    from django.contrib.auth import BACKEND_SESSION_KEY

    from web.conftest import PASSWORD

    response = client.post("/accounts/login/", {"login": alex.email, "password": PASSWORD})
    assert response.status_code == 302
    stored = client.session[BACKEND_SESSION_KEY]
    assert stored in settings.AUTHENTICATION_BACKENDS
    assert stored.startswith("closeknit.web.accounts.backends.")
    assert client.get("/relationships/").status_code == 200


def test_only_and_not_null_read_what_the_orm_reads(couple):
    from closeknit.web.checkups.models import Take

    finished = Take.objects.create(
        membership=couple.blair, version="1", answers={"x": 1}, finished_at=timezone.now()
    )
    Take.objects.create(membership=couple.blair, version="1", answers={"y": 2})
    ids = JoinedRows(Take, equal=("membership",), not_null=("finished_at",), only=())
    loaded = ids.fetch(couple.blair.pk)
    orm = list(Take.objects.filter(membership=couple.blair, finished_at__isnull=False).only("id"))
    assert [t.pk for t in loaded] == [t.pk for t in orm] == [finished.pk]
    assert loaded[0].get_deferred_fields() == orm[0].get_deferred_fields()
    assert "answers" in loaded[0].get_deferred_fields()  # never read, never decrypted


def test_a_user_deleted_while_signed_in_is_anonymous_on_the_next_request(alex_client, alex):
    alex.delete()
    response = alex_client.get("/relationships/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
