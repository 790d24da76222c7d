"""One fixed read, prepared once: the rows ``select_related`` would give, without building
the ORM query on every call.

For a query that runs on every request (the relationship's members), Django spends about
0.4 ms of CPU compiling SQL it already compiled on the last request; the database itself
needs a twentieth of that. :class:`JoinedRows` writes the same ``SELECT … INNER JOIN …``
once per database connection and turns each row into model instances the way the ORM does
(each column through the backend's and the field's converters, ``Model.from_db``, the
joined instances cached on the foreign keys), so callers get exactly what
``Model.objects.select_related(*joins).filter(…)`` returns (pinned by tests on SQLite and
PostgreSQL). Keep it for such hot, fixed reads; everything else uses the ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

M = TypeVar("M", bound=models.Model)

Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


class _Part:
    """One model's columns in the row: where they are and how to read them."""

    def __init__(
        self,
        model: type[models.Model],
        alias: str,
        start: int,
        connection: Any,
        only: Sequence[str] | None = None,
    ):
        self.model = model
        fields = [
            f
            for f in model._meta.concrete_fields
            if only is None or f.name in only or f.attname in only or f.primary_key
        ]
        q = connection.ops.quote_name
        self.columns = [f"{alias}.{q(f.column)}" for f in fields]
        self.names = [f.attname for f in fields]
        self.start, self.stop = start, start + len(fields)
        self.converters: list[tuple[int, list[Converter], Any]] = []
        for i, field in enumerate(fields):
            column = field.get_col(alias)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                self.converters.append((i, found, column))

    def instance(self, row: Sequence[Any], connection: Any) -> models.Model:
        values = list(row[self.start : self.stop])
        for i, converters, column in self.converters:
            value = values[i]
            for convert in converters:
                value = convert(value, column, connection)
            values[i] = value
        return self.model.from_db(connection.alias, self.names, values)


class JoinedRows(Generic[M]):
    """``model`` rows with the non-null foreign keys ``joins`` loaded alongside, where each
    field in ``equal`` equals its argument, each field in ``null`` is ``NULL`` and each in
    ``not_null`` is not. ``only`` limits the model's own fields as ``QuerySet.only`` does
    (the primary key always comes; the rest stay deferred, never read)."""

    def __init__(
        self,
        model: type[M],
        joins: Sequence[str] = (),
        equal: Sequence[str] = (),
        null: Sequence[str] = (),
        not_null: Sequence[str] = (),
        only: Sequence[str] | None = None,
    ) -> None:
        self.model = model
        self.only = only
        self.not_null = [model._meta.get_field(name) for name in not_null]
        self.joins = [model._meta.get_field(name) for name in joins]
        for fk in self.joins:
            if not (isinstance(fk, models.ForeignKey) and not fk.null):
                raise ValueError(f"{model.__name__}.{fk.name}: only non-null foreign keys")
        self.equal = [model._meta.get_field(name) for name in equal]
        self.null = [model._meta.get_field(name) for name in null]
        self._plans: dict[tuple[str, str], tuple[str, list[_Part]]] = {}

    def _plan(self, connection: Any) -> tuple[str, list[_Part]]:
        key = (connection.alias, connection.vendor)
        plan = self._plans.get(key)
        if plan is None:
            q = connection.ops.quote_name
            parts = [_Part(self.model, "t0", 0, connection, self.only)]
            tables = [f"{q(self.model._meta.db_table)} t0"]
            for n, fk in enumerate(self.joins, start=1):
                target = fk.related_model
                parts.append(_Part(target, f"t{n}", parts[-1].stop, connection))
                tables.append(
                    f"INNER JOIN {q(target._meta.db_table)} t{n} "
                    f"ON t{n}.{q(fk.target_field.column)} = t0.{q(fk.column)}"
                )
            columns = [column for part in parts for column in part.columns]
            where = [f"t0.{q(f.column)} = %s" for f in self.equal]
            where += [f"t0.{q(f.column)} IS NULL" for f in self.null]
            where += [f"t0.{q(f.column)} IS NOT NULL" for f in self.not_null]
            sql = f"SELECT {', '.join(columns)} FROM {' '.join(tables)}"  # noqa: S608
            if where:
                sql += f" WHERE {' AND '.join(where)}"
            plan = self._plans[key] = (sql, parts)
        return plan

    def fetch(self, *values: Any) -> list[M]:
        """The rows where the ``equal`` fields have these values (in database order)."""
        if len(values) != len(self.equal):
            raise TypeError(f"expected {len(self.equal)} values, got {len(values)}")
        if any(v is None for v in values):
            # "= NULL" matches nothing, where the ORM would have asked "IS NULL": refuse
            # rather than quietly answer no rows (declare the field in ``null`` instead).
            raise TypeError("a value is None: name that field in null=(...) instead")
        connection = connections[router.db_for_read(self.model)]
        sql, parts = self._plan(connection)
        params = [
            f.get_db_prep_value(v, connection) for f, v in zip(self.equal, values, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        found = []
        for row in rows:
            base, *joined = (part.instance(row, connection) for part in parts)
            for fk, related in zip(self.joins, joined, strict=True):
                fk.set_cached_value(base, related)
            found.append(base)
        return found  # type: ignore[return-value]
