"""SQL compiled once per process for a query that pages ask again and again with the same access
rule.

Django compiles a queryset to SQL each time it runs it, and compiling an access rule (its
EXISTS subqueries for the desks, one per required record) costs far more than running it: the
home page's 45 counts spent three fifths of their time compiling and a thirtieth in the
database. A query whose SQL depends only on `key` is compiled the first time and its SQL and
parameters are kept (`KEPT` of them, the most recently used). `visible_to` still builds the rule:
only its compiled form is kept. The key must say everything the SQL depends on: for a rule, the
user's `rule_signature` (desks and missions are read by the SQL itself, so a change of desk holds
at once), and the call site for the rest."""

import threading
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import connections

KEPT = 4096

_kept = OrderedDict()
_lock = threading.Lock()


def rows_of(queryset, *key):
    """The rows of `queryset` (a `values_list` whose columns are its fields, then its
    annotations), as tuples of Python values, its SQL compiled once per `key`."""
    alias = queryset.db
    connection = connections[alias]
    kept_as = (alias, connection.vendor, *key)
    with _lock:
        compiled = _kept.get(kept_as)
        if compiled is not None:
            _kept.move_to_end(kept_as)
    if compiled is None:
        compiled = _compile(queryset, alias)
        with _lock:
            _kept[kept_as] = compiled
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    sql, params, columns = compiled
    if sql is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = [
        (position, converters, column)
        for position, column in enumerate(columns)
        if (
            converters := connection.ops.get_db_converters(column)
            + column.get_db_converters(connection)
        )
    ]
    if not converters:
        return [tuple(row) for row in rows]
    converted = []
    for row in rows:
        row = list(row)
        for position, column_converters, column in converters:
            for converter in column_converters:
                row[position] = converter(row[position], column, connection)
        converted.append(tuple(row))
    return converted


def _compile(queryset, alias):
    compiler = queryset.query.get_compiler(using=alias)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None, (), []
    columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    return sql, tuple(params), columns
