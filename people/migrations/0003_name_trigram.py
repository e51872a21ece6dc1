"""Trigram indexes for the admin's person search and autocomplete (PostgreSQL only).

The admin searches `name` and `aliases` with `icontains`, which Django sends to
PostgreSQL as `UPPER(column) LIKE UPPER('%term%')`; a GIN trigram index on exactly
that expression answers it without reading every person.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXED_COLUMNS = {"person_name_trgm_idx": "name", "person_aliases_trgm_idx": "aliases"}


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXED_COLUMNS.items():
        schema_editor.execute(
            f"CREATE INDEX {name} ON people_person "
            f"USING gin (upper({column}::text) gin_trgm_ops)"
        )


def remove_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXED_COLUMNS:
        schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_old_slugs"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(add_trigram_indexes, remove_trigram_indexes),
    ]
