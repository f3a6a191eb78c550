"""Writes of many rows at archive scale: one prepared statement run with `executemany`, batch by batch.

Django's `bulk_update` builds one `CASE WHEN pk = … THEN …` per field over the whole batch and `bulk_create` one
multi-row INSERT whose every value goes through the query compiler: at 100,000 records both spend far longer in
Python building SQL than the database spends writing it. These write the same values (each field's own
`get_db_prep_save`, so sealed fields are sealed and JSON is adapted as the ORM would, but for the plain text and
boolean values it would give back unchanged) with a statement built once.
Like `bulk_update` and `bulk_create`, they send no signals and call no `save()`.
"""

from collections import defaultdict

from django.db import connections, models, router

BATCH_SIZE = 2000
# Fields (of exactly these classes) whose `get_db_prep_save` gives back a value of this type, or None, unchanged on
# every backend: such values are written as they are, without the field's call chain for each value of each row.
# Integers are not among them: PostgreSQL's backend wraps them for psycopg.
WRITTEN_AS_THEY_ARE = {models.CharField: str, models.TextField: str, models.BooleanField: bool}


def _preparer(field, connection):
    """A function giving what `field.get_db_prep_save(value, connection)` gives."""
    prepare = field.get_db_prep_save
    kind = WRITTEN_AS_THEY_ARE.get(type(field))
    if kind is None:
        return lambda value: prepare(value, connection)
    return lambda value: value if value is None or type(value) is kind else prepare(value, connection)


def _batches(objects, size):
    for start in range(0, len(objects), size):
        yield objects[start : start + size]


def update_rows(model, objects, fields, batch_size=BATCH_SIZE):
    """What `model.objects.bulk_update(objects, fields)` writes (field values as they are: `auto_now` fields are
    not touched), as `UPDATE … SET … WHERE pk = %s` run once per object in one `executemany` per batch."""
    objects = list(objects)
    if not objects:
        return
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    concrete = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in concrete)
    # Table and column names come from the model, quoted; every value is a parameter.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    prepared = [(field.attname, _preparer(field, connection)) for field in concrete]
    with connection.cursor() as cursor:
        for batch in _batches(objects, batch_size):
            cursor.executemany(
                sql,
                [
                    [prepare(getattr(instance, attname)) for attname, prepare in prepared]
                    + [meta.pk.get_db_prep_save(instance.pk, connection)]
                    for instance in batch
                ],
            )


def insert_rows(model, objects, batch_size=BATCH_SIZE):
    """What `model.objects.bulk_create(objects)` inserts for objects without a primary key (defaults and
    `auto_now_add` filled in the same way), when the caller needs no primary keys back."""
    objects = list(objects)
    if not objects:
        return
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    concrete = [field for field in meta.concrete_fields if field is not meta.auto_field]
    columns = ", ".join(quote(field.column) for field in concrete)
    placeholders = ", ".join(["%s"] * len(concrete))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    prepared = [(field, _preparer(field, connection)) for field in concrete]
    with connection.cursor() as cursor:
        for batch in _batches(objects, batch_size):
            for instance in batch:
                instance._prepare_related_fields_for_save(operation_name="insert_rows")
            cursor.executemany(
                sql,
                [[prepare(field.pre_save(instance, True)) for field, prepare in prepared] for instance in batch],
            )


def insert_keyed_rows(model, objects, group_field, key_field, batch_size=BATCH_SIZE):
    """What `model.objects.bulk_create(objects)` does for new objects that (`group_field`, `key_field`) identify, one
    row each (a unique constraint): `insert_rows`, then every object's primary key read back by those two fields,
    in one query per group and batch, and the object marked as saved."""
    objects = list(objects)
    insert_rows(model, objects, batch_size)
    database = router.db_for_write(model)
    grouped = defaultdict(dict)
    for instance in objects:
        grouped[getattr(instance, group_field)][getattr(instance, key_field)] = instance
    for group, instances in grouped.items():
        keys = list(instances)
        for batch in _batches(keys, batch_size):
            inserted = (
                model._base_manager.using(database)
                .filter(**{group_field: group, f"{key_field}__in": batch})
                .order_by()
                .values_list(key_field, "pk")
            )
            for key, pk in inserted:
                instance = instances[key]
                instance.pk = pk
                instance._state.adding = False
                instance._state.db = database


def insert_values(model, fields, rows, batch_size=BATCH_SIZE):
    """Rows of plain values (one tuple per row, in the order of `fields`) inserted without building a model
    instance for each: for link and key tables of many small rows. Values go through each field's
    `get_db_prep_save`, a related field taking the primary key."""
    rows = list(rows)
    if not rows:
        return
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    concrete = [meta.get_field(name) for name in fields]
    columns = ", ".join(quote(field.column) for field in concrete)
    placeholders = ", ".join(["%s"] * len(concrete))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    prepared = [_preparer(field, connection) for field in concrete]
    with connection.cursor() as cursor:
        for batch in _batches(rows, batch_size):
            cursor.executemany(
                sql,
                [[prepare(value) for prepare, value in zip(prepared, row, strict=True)] for row in batch],
            )
