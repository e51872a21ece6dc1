"""A stored, GIN-indexed German search vector of each person's name and aliases
(PostgreSQL only).

The reader's search finds the pieces of a person named by every search word
(`articles/search.py`). Matched as words with the same German dictionary as the
texts, "Julia Tanaka" finds Julia Tanaka but not Julian Tanaka, and the index
answers without reading every person. PostgreSQL keeps the column current on every
save; SQLite has no such column.
"""

from django.db import migrations


def add_name_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE people_person ADD COLUMN name_vector tsvector GENERATED ALWAYS "
        "AS (to_tsvector('german'::regconfig, name || ' ' || aliases)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX person_name_vector_idx ON people_person USING gin (name_vector)"
    )


def remove_name_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE people_person DROP COLUMN name_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_updated_at_index"),
    ]

    operations = [
        migrations.RunPython(add_name_vector, remove_name_vector),
    ]
