"""A full-text index of headline, teaser and body on SQLite (FTS5).

PostgreSQL has its stored vector (migration 0009); this is SQLite's counterpart, so
a search reads an index instead of every text in the archive. The index keeps no
copy of the texts (an external-content table on `articles_article`); triggers keep
it current on every insert, update and delete, bulk ones included.

Django rebuilds a SQLite table for some schema changes (copy, drop, rename), which
drops its triggers: a later migration that does that to `articles_article` must
create them again (`tests/test_search.py` notices when they are gone).
"""

from django.db import migrations

COLUMNS = "headline, teaser, body"
NEW_ROW = "new.id, new.headline, new.teaser, new.body"
OLD_ROW = "'delete', old.id, old.headline, old.teaser, old.body"

CREATE = [
    # Diacritics are folded, so "Gesprache" finds "Gespräche" and a stem such as
    # "baum" finds "Bäume".
    f"""CREATE VIRTUAL TABLE article_search USING fts5(
        {COLUMNS}, content='articles_article', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    "INSERT INTO article_search(article_search) VALUES ('rebuild')",
    f"""CREATE TRIGGER article_search_insert AFTER INSERT ON articles_article BEGIN
        INSERT INTO article_search(rowid, {COLUMNS}) VALUES ({NEW_ROW});
    END""",
    f"""CREATE TRIGGER article_search_delete AFTER DELETE ON articles_article BEGIN
        INSERT INTO article_search(article_search, rowid, {COLUMNS})
        VALUES ({OLD_ROW});
    END""",
    f"""CREATE TRIGGER article_search_update
    AFTER UPDATE OF {COLUMNS} ON articles_article BEGIN
        INSERT INTO article_search(article_search, rowid, {COLUMNS})
        VALUES ({OLD_ROW});
        INSERT INTO article_search(rowid, {COLUMNS}) VALUES ({NEW_ROW});
    END""",
]

DROP = [
    "DROP TRIGGER article_search_insert",
    "DROP TRIGGER article_search_delete",
    "DROP TRIGGER article_search_update",
    "DROP TABLE article_search",
]


def run_on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_rank_vector"),
    ]

    operations = [
        migrations.RunPython(run_on_sqlite(CREATE), run_on_sqlite(DROP)),
    ]
