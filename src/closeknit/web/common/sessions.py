"""Django's database sessions, read with one plain statement.

Sessions stay rows in the shared database (``django_session``), so logging out or the
quick exit ends a session at once in every server process, exactly as with Django's own
``db`` engine: this store only reads the row on each request without building the ORM
query anew (about a third of a millisecond of CPU on every signed-in request). Writing,
expiry and deletion are Django's, unchanged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        """The unexpired row with this key (``session_data`` set), or ``None`` after
        forgetting the key, as Django's ``db`` store does."""
        model = self.model
        connection = connections[router.db_for_read(model)]
        q = connection.ops.quote_name
        # Only quoted identifiers are interpolated; the values are parameters.
        sql = (
            f"SELECT {q('session_data')} FROM {q(model._meta.db_table)} "  # noqa: S608
            f"WHERE {q('session_key')} = %s AND {q('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
