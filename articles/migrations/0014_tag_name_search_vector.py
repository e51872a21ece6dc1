"""A stored, GIN-indexed German search vector of each tag's name (PostgreSQL only).

The counterpart of people's `name_vector` (people migration 0005): the reader's
search finds the pieces of a tag whose name has every search word, as words and
through an index. SQLite has no such column.
"""

from django.db import migrations


def add_name_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE articles_tag ADD COLUMN name_vector tsvector GENERATED ALWAYS "
        "AS (to_tsvector('german'::regconfig, name)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX tag_name_vector_idx ON articles_tag USING gin (name_vector)"
    )


def remove_name_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE articles_tag DROP COLUMN name_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_search_index_sqlite"),
    ]

    operations = [
        migrations.RunPython(add_name_vector, remove_name_vector),
    ]
