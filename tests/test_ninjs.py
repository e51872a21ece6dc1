import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft202012Validator

from articles import ninjs, plaintext
from articles.models import Article, AuditEntry, Revision, Section, Tag
from people.models import Person

from .builders import make_article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NINJS = SHARED / "standards" / "ninjs"
SCHEMA = NINJS / "ninjs-schema_2.2.json"
EXAMPLES = NINJS / "examples"
SEED = SHARED / "seeds" / "berlinmorgen-usa-russland-gespraeche-riad.txt"
DEMO = Path(__file__).resolve().parents[1] / "articles" / "demo" / "newsroom.json"
HEADLINE = "Treffen in Riad: Neue Gespräche zwischen den USA und Russland"
EXAMPLE_URI = "http://ninjs.example.com/newsitems/20130709simp123"


@pytest.fixture
def schema():
    if not SCHEMA.exists():
        pytest.skip(f"the ninjs 2.2 schema is read from {SCHEMA}, which is absent")
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def example(name):
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"the official ninjs examples are read from {EXAMPLES}: absent")
    return str(path)


@pytest.fixture
def seed_article(db, schema, section):
    """The BerlinMorgen piece with its people, tags and author, built like load_demo."""
    if not SEED.exists():
        pytest.skip(f"the seed piece is read from {SEED}, which is absent")
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    for entry in demo["people"]:
        Person.objects.create(
            name=entry["name"],
            aliases="\n".join(entry["aliases"]),
            description=entry["description"],
            wikidata_id=entry["wikidata_id"],
        )
    author = Person.objects.create(name=demo["author"]["name"])
    article, _ = Article.objects.create_from_piece(
        plaintext.parse(plaintext.decode(SEED.read_bytes())),
        section=section,
        mention_index=Person.objects.mention_index(),
        bylines=[(author, demo["author"]["byline_role"])],
        tags=demo["tags"],
        status=Article.Status.PUBLISHED,
        publish_at=datetime.fromisoformat(demo["published_at"]),
    )
    return article


def export(*args):
    out = io.StringIO()
    call_command("export_ninjs", *args, stdout=out)
    return json.loads(out.getvalue())


def import_ninjs(*args):
    out = io.StringIO()
    call_command("import_ninjs", *args, stdout=out)
    return out.getvalue()


def write_json(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def rows():
    return (Article.objects.count(), Person.objects.count(), Tag.objects.count())


# --- Export ----------------------------------------------------------------------


def test_export_of_the_seed_piece_is_valid_ninjs_with_its_fields(seed_article, schema):
    item = export(seed_article.slug)
    Draft202012Validator(schema).validate(item)

    assert item["type"] == "text"
    assert item["uri"].startswith("tag:") and item["uri"].endswith(
        f":artikel:{seed_article.pk}"
    )
    assert item["pubstatus"] == "usable"
    assert item["language"] == "de"
    assert item["firstcreated"] == item["versioncreated"] == "2025-02-18T13:30:00Z"
    assert item["version"] == str(int(seed_article.publish_at.timestamp()))
    assert datetime.fromisoformat(item["contentcreated"])
    assert item["slugline"] == seed_article.slug
    assert item["headlines"] == [{"role": "main", "value": HEADLINE}]
    assert item["descriptions"] == [
        {"role": "summary", "contenttype": "text/plain", "value": seed_article.teaser}
    ]
    assert item["by"] == "Lena Hoffmann (mit Agenturen)"

    text, rich = item["bodies"]
    assert text["contenttype"] == "text/plain"
    assert "<" not in text["value"]
    assert "\n\nWer saß mit am Tisch?\n\n" in text["value"]
    assert text["value"].endswith("Wir bleiben am Ball für Sie. BerlinMorgen.")
    assert text["wordcount"] == len(text["value"].split())
    assert rich["contenttype"] == "text/html"
    assert "<h2>Wer saß mit am Tisch?</h2>" in rich["value"]
    assert rich["value"].endswith(
        '<p class="sign-off">USA und Russland Gespräche – Wir bleiben am Ball für Sie. '
        "BerlinMorgen.</p>"
    )

    people = {person["name"]: person for person in item["people"]}
    assert people["Lena Hoffmann"]["rel"] == "author"
    assert [p["rel"] for p in item["people"]].count("mentions") == 10
    assert people["Wladimir Putin"]["uri"] == "https://www.wikidata.org/entity/Q7747"
    assert people["Donald Trump"]["uri"] == "https://www.wikidata.org/entity/Q22686"
    assert people["Marco Rubio"] == {
        "name": "Marco Rubio",
        "rel": "mentions",
        "uri": "http://127.0.0.1:8000/personen/marco-rubio/",
        "literal": "marco-rubio",
    }
    subjects = {subject["name"]: subject["uri"] for subject in item["subjects"]}
    assert set(subjects) == {
        "USA", "Russland", "Ukraine", "Diplomatie", "Saudi-Arabien", "NATO"
    }  # fmt: skip
    assert subjects["Diplomatie"] == "http://127.0.0.1:8000/themen/diplomatie/"


def test_export_by_id_to_a_file_and_all_as_a_list(seed_article, schema, tmp_path):
    other = make_article(headline="Zweiter Artikel", section=seed_article.section)
    make_article(status=Article.Status.DRAFT, headline="Geheimer Entwurf")
    path = tmp_path / "export.json"
    out = io.StringIO()
    call_command("export_ninjs", "--all", "--output", str(path), stdout=out)
    assert "2 Artikel" in out.getvalue()
    items = json.loads(path.read_text(encoding="utf-8"))
    assert [item["headlines"][0]["value"] for item in items] == [
        HEADLINE,
        "Zweiter Artikel",
    ]
    assert "Geheimer Entwurf" not in path.read_text(encoding="utf-8")
    for item in items:
        Draft202012Validator(schema).validate(item)

    assert export(str(other.pk))["headlines"][0]["value"] == "Zweiter Artikel"
    both = export(str(other.pk), seed_article.slug)
    assert [item["headlines"][0]["value"] for item in both] == [
        "Zweiter Artikel",
        HEADLINE,
    ]


def test_pieces_readers_cannot_see_are_exported_without_content(db, schema):
    draft = make_article(status=Article.Status.DRAFT, body="Geheimer Entwurfstext.")
    scheduled = make_article(publish_at=timezone.now() + timedelta(days=1))
    taken_down = make_article(body="Zurückgezogener Text.")
    taken_down.unpublish()
    items = export(draft.slug, scheduled.slug, taken_down.slug)
    assert [item["pubstatus"] for item in items] == ["withheld", "withheld", "canceled"]
    for item in items:
        Draft202012Validator(schema).validate(item)
        assert set(item) == {"uri", "type", "versioncreated", "pubstatus"}


def test_export_needs_pieces_that_exist(db):
    with pytest.raises(CommandError, match="Artikel nennen"):
        call_command("export_ninjs")
    for name in ("gibt-es-nicht", "9" * 30, "²"):
        with pytest.raises(CommandError, match=f"„{name}“ gibt es nicht"):
            call_command("export_ninjs", name)


# --- Import ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("001_simple_example.json", "de"),
        ("004_simple_text_article.json", "de"),
        ("005_complex_text_article.json", "en"),
    ],
)
def test_the_official_examples_import_as_drafts(section, schema, name, language):
    output = import_ninjs(example(name))
    assert "Neu angelegte Autor/innen: Paulo Santalucia, Frances d'Emilio" in output
    article = Article.objects.get()
    assert article.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert article.teaser.startswith("GROSSETO, Italy (AP) -- The trial of the")
    assert len(article.teaser) <= 600
    assert article.body.startswith("GROSSETO, Italy (AP) -- The trial")
    assert article.body.endswith("Schettino has denied wrongdoing.")
    assert "<" not in article.body
    assert [str(byline) for byline in article.bylines.all()] == [
        "Paulo Santalucia",
        "Frances d'Emilio",
    ]
    assert article.status == Article.Status.DRAFT
    assert article.language == language
    assert article.ninjs_uri.startswith("http://ninjs.example.com/newsitems/")
    assert "„Captain of wrecked cruise ship on trial in Italy“ angelegt" in output


def test_html_bodies_split_into_paragraphs(section, schema):
    import_ninjs(example("005_complex_text_article.json"))
    article = Article.objects.get()
    assert article.body.count("\n\n") == 3
    assert article.body_html.count("<p>") == 4


def test_people_the_item_lists_are_linked_or_suggested(section, schema):
    output = import_ninjs(example("005_complex_text_article.json"))
    assert "Vorschläge für neue Personen: Francesco Schettino" in output

    Person.objects.create(name="Francesco Schettino", wikidata_id="Q4421821")
    Article.objects.all().delete()
    import_ninjs(example("005_complex_text_article.json"))
    assert list(Article.objects.get().mentions.values_list("person__name", "role")) == [
        ("Francesco Schettino", "")
    ]


def test_html_is_sanitised_and_becomes_markdown(tmp_path, section, schema):
    item = {
        "uri": "urn:test:boese",
        "headlines": [{"value": "Böse <b>Überschrift</b>"}],
        "descriptions": [{"role": "summary", "value": "Ein Vorspann."}],
        "bodies": [
            {
                "contenttype": "text/html",
                "value": '<script>alert("x")</script><p onclick="steal()">Text mit '
                '<b>fett</b> und <a href="javascript:alert(1)">Link</a>.</p>'
                "<h2>Zwischentitel</h2><p>a &lt;b&gt; c</p>"
                '<img src="x" onerror="alert(2)"><style>p{}</style>',
            }
        ],
    }
    import_ninjs(write_json(tmp_path, "boese.json", item))
    article = Article.objects.get()
    assert article.teaser == "Ein Vorspann."
    for dangerous in ("script", "alert", "onclick", "steal", "javascript", "img"):
        assert dangerous not in article.body
        assert dangerous not in article.body_html
    assert "## Zwischentitel" in article.body
    assert "**fett**" in article.body
    assert "<p>a &lt;b&gt; c</p>" in article.body_html


def test_authors_match_known_people_by_name_or_are_created(tmp_path, section, schema):
    putin = Person.objects.create(name="Wladimir Putin", wikidata_id="Q7747")
    hoffmann = Person.objects.create(name="Lena Hoffmann")
    item = {
        "uri": "urn:test:autoren",
        "by": "Von Lena Hoffmann (mit Agenturen, dpa) und Neue Autorin",
        "headlines": [{"role": "main", "value": "Ein Titel"}],
        "bodies": [{"contenttype": "text/plain", "value": "Erster Absatz.\nPutin."}],
        "people": [{"name": "Vladimir Putin", "rel": "about", "uri": "wikidata:Q7747"}],
    }
    import_ninjs(write_json(tmp_path, "a.json", item))
    article = Article.objects.get()
    bylines = [(b.person, b.role) for b in article.bylines.all()]
    assert bylines[0] == (hoffmann, "mit Agenturen, dpa")
    assert bylines[1][0].name == "Neue Autorin"
    assert list(article.mentioned_people.all()) == [putin]
    assert article.teaser == "Erster Absatz."
    assert article.body == "Erster Absatz.\n\nPutin."


def test_reimporting_a_uri_updates_the_piece(section, schema, tmp_path):
    import_ninjs(example("001_simple_example.json"))
    article = Article.objects.get()
    output = import_ninjs(example("004_simple_text_article.json"))
    assert "aktualisiert" in output
    updated = Article.objects.get()
    assert updated.pk == article.pk
    assert updated.body.count("\n\n") == 3  # 004 has an HTML body with paragraphs
    assert updated.bylines.count() == 2
    assert Person.objects.count() == 2
    import_ninjs(example("004_simple_text_article.json"))
    assert Article.objects.count() == 1
    revisions = Revision.objects.filter(article_id=article.pk)
    assert [revision.source for revision in revisions] == ["import_ninjs"] * 3
    assert AuditEntry.objects.filter(article_id=article.pk, action="created").exists()


def test_publish_publishes_usable_items_at_their_time(section, schema, tmp_path):
    import_ninjs(example("005_complex_text_article.json"), "--publish")
    article = Article.objects.get()
    assert article.is_live
    assert article.publish_at == datetime(2013, 7, 9, 10, 37, tzinfo=UTC)
    assert article.first_published_at == article.publish_at

    withheld = {
        "uri": "urn:test:gesperrt",
        "pubstatus": "withheld",
        "headlines": [{"value": "Gesperrt"}],
        "bodies": [{"value": "Noch nicht verwenden."}],
    }
    import_ninjs(write_json(tmp_path, "w.json", withheld), "--publish")
    assert Article.objects.get(ninjs_uri="urn:test:gesperrt").status == "draft"


def test_notices_without_content_take_pieces_down(tmp_path, section, schema):
    import_ninjs(example("005_complex_text_article.json"), "--publish")
    uri = Article.objects.get().ninjs_uri
    notices = [
        {"uri": uri, "type": "text", "pubstatus": "canceled"},
        {"uri": "urn:test:unbekannt", "pubstatus": "withheld"},
    ]
    output = import_ninjs(write_json(tmp_path, "notices.json", notices))
    assert (
        "Eintrag 1 (uri http://ninjs.example.com/newsitems/20130709med123): " in output
    )
    assert "zurückgezogen (Entwurf)" in output
    assert (
        "Eintrag 2 (uri urn:test:unbekannt): zurückgezogen, Artikel unbekannt" in output
    )
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert export(str(article.pk))["pubstatus"] == "canceled"


def test_round_trip_keeps_every_shared_field(seed_article, schema, tmp_path):
    seed_article.seo_title = "USA und Russland reden wieder"
    seed_article.seo_description = "Was in Riad besprochen wurde."
    seed_article.teaser += " Ein Nachtrag."
    seed_article.save()
    original = Article.objects.for_page().get()
    assert original.was_updated
    exported = export(original.slug)
    path = write_json(tmp_path, "export.json", exported)
    original_bylines = [(b.person_id, b.role) for b in original.bylines.all()]
    original_mentions = [(m.person_id, m.role) for m in original.mentions.all()]
    original_tags = sorted(original.tags.names())
    assert len(original_mentions) == 10 and len(original_tags) == 6

    Article.objects.all().delete()
    import_ninjs(path, "--publish")
    copy = Article.objects.for_page().get()

    for name in (
        "headline", "teaser", "body", "body_html", "sign_off", "language", "slug",
        "status", "publish_at", "first_published_at", "updated_at", "seo_title",
        "seo_description", "section_id",
    ):  # fmt: skip
        assert getattr(copy, name) == getattr(original, name), name

    assert [(b.person_id, b.role) for b in copy.bylines.all()] == original_bylines
    assert [(m.person_id, m.role) for m in copy.mentions.all()] == original_mentions
    assert sorted(copy.tags.names()) == original_tags
    assert copy.ninjs_uri == exported["uri"]

    again = export(copy.slug)
    assert again.pop("contentcreated") and exported.pop("contentcreated")
    assert again == exported


def test_reimporting_our_own_export_updates_the_piece(seed_article, tmp_path):
    path = write_json(tmp_path, "export.json", export(seed_article.slug))
    output = import_ninjs(path, "--publish")
    assert "aktualisiert (Veröffentlicht)" in output
    assert Article.objects.get().pk == seed_article.pk

    other = make_article(section=seed_article.section)
    elsewhere = export(seed_article.slug)
    elsewhere["uri"] = f"tag:elsewhere.example,2020-01-01:artikel:{other.pk}"
    import_ninjs(write_json(tmp_path, "elsewhere.json", elsewhere))
    assert Article.objects.count() == 3
    elsewhere["uri"] = "tag:127.0.0.1,2020-01-01:artikel:" + "9" * 30
    import_ninjs(write_json(tmp_path, "huge.json", elsewhere))
    assert Article.objects.count() == 4
    assert Article.objects.get(pk=other.pk).headline == other.headline


def test_export_queries_do_not_grow_with_pieces(
    seed_article, django_assert_num_queries
):
    def queries_for_all():
        with CaptureQueriesContext(connection) as captured:
            export("--all")
        return len(captured)

    few = queries_for_all()
    for _ in range(3):
        make_article(section=seed_article.section, body="Putin und Trump.")
    assert queries_for_all() == few


# --- Bad input -------------------------------------------------------------------


def valid_item(number):
    return {
        "uri": f"urn:test:{number}",
        "headlines": [{"value": f"Titel {number}"}],
        "bodies": [{"value": "Text."}],
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"uri": "urn:x", ', "gültiges JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "zu tief verschachtelt"),
        ("{}".encode("utf-16"), "UTF-8"),
        (b"[]", "keine Einträge"),
        (b'{"headlines": []}', "Eintrag 1: kein gültiges ninjs 2.2: $: 'uri'"),
        (
            b'{"uri": "urn:x", "headlines": "Titel"}',
            "Eintrag 1 (uri urn:x): kein gültiges ninjs 2.2: $.headlines:",
        ),
        (b'{"uri": "urn:x", "autor": "Y"}', "Unevaluated properties"),
        (b'{"uri": "urn:x", "bodies": [{"value": "T"}]}', "keine Überschrift"),
        (b'{"uri": "urn:x", "headlines": [{"value": "T"}]}', "kein Text"),
        (
            b'{"uri": "urn:x", "headlines": [{"value": "T"}], '
            b'"bodies": [{"value": "T"}], "language": "fr"}',
            "Sprache „fr“",
        ),
        (
            b'{"uri": "urn:x", "headlines": [{"value": "T"}], '
            b'"bodies": [{"value": "T"}], "firstcreated": "gestern"}',
            "firstcreated: „gestern“",
        ),
        (
            json.dumps(
                {**valid_item(1), "headlines": [{"value": "Ü" * 201}]}
            ).encode(),
            "urn:test:1): Überschrift",
        ),
    ],
    ids=[
        "json", "nested", "utf-16", "empty-list", "no-uri", "headlines-type",
        "unknown-field", "no-headline", "no-body", "language", "time",
        "headline-too-long",
    ],
)  # fmt: skip
def test_bad_files_get_a_clear_error_and_write_nothing(
    tmp_path, section, schema, content, message
):
    Person.objects.create(name="Schon Da")
    path = tmp_path / "kaputt.json"
    path.write_bytes(content)
    before = rows()
    with pytest.raises(CommandError) as raised:
        import_ninjs(str(path))
    assert str(raised.value).startswith(str(path))
    assert message in str(raised.value)
    assert "Nichts importiert" in str(raised.value)
    assert rows() == before


def test_an_invalid_second_item_stops_the_whole_import(tmp_path, section, schema):
    good = write_json(tmp_path, "gut.json", valid_item(0))
    items = [
        {**valid_item(1), "by": "Neue Autorin", "subjects": [{"name": "Neu"}]},
        {**valid_item(2), "headlines": [{"role": 7, "value": "T"}]},
    ]
    listed = write_json(tmp_path, "liste.json", items)
    before = rows()
    with pytest.raises(CommandError) as raised:
        import_ninjs(good, listed)
    message = str(raised.value)
    assert message.startswith(f"{listed}, Eintrag 2 (uri urn:test:2)")
    assert "$.headlines[0].role: 7 is not of type 'string'" in message
    assert rows() == before


def test_a_file_per_item_and_lists_import_together(tmp_path, section, schema):
    first = write_json(tmp_path, "a.json", valid_item(1))
    rest = write_json(tmp_path, "b.json", [valid_item(2), valid_item(3)])
    output = import_ninjs(first, rest)
    assert Article.objects.count() == 3
    assert f"{rest}, Eintrag 2 (uri urn:test:3)" in output


def test_unknown_section_is_a_clear_error(tmp_path, db, schema):
    Section.objects.create(name="Sport", slug="sport")
    path = write_json(tmp_path, "a.json", valid_item(1))
    with pytest.raises(CommandError, match="Ressort „politik“"):
        import_ninjs(path)
    import_ninjs(path, "--section", "sport")
    assert Article.objects.get().section.slug == "sport"


def test_a_missing_schema_is_a_clear_error(tmp_path, section, settings):
    settings.NINJS_SCHEMA = tmp_path / "fehlt.json"
    ninjs.schema_validator.cache_clear()
    try:
        with pytest.raises(CommandError, match="ninjs-Schema nicht gefunden"):
            import_ninjs(write_json(tmp_path, "a.json", valid_item(1)))
    finally:
        ninjs.schema_validator.cache_clear()
    assert not Article.objects.exists()
