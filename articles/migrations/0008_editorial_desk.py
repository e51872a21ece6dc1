"""Revisions, pending changes, working drafts, editor presence and the audit log.

The last step records a first revision of every existing piece, so that each piece
can be compared with and restored to the state it had before versions existed. Its
snapshot is a frozen copy of `articles.revisions.take_snapshot` as of this migration.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def snapshot(article, TaggedArticle):
    bylines = article.bylines.select_related("person").order_by("position", "pk")
    mentions = article.mentions.select_related("person").order_by("pk")
    tags = TaggedArticle.objects.filter(content_object=article).select_related("tag")
    fields = [
        "headline",
        "slug",
        "teaser",
        "body",
        "sign_off",
        "language",
        "hero_caption",
        "hero_credit",
        "hero_alt",
        "seo_title",
        "seo_description",
        "status",
    ]
    return {
        **{name: getattr(article, name) for name in fields},
        "section": {"id": article.section_id, "name": article.section.name},
        "hero_image": article.hero_image.name or "",
        "publish_at": article.publish_at.isoformat() if article.publish_at else None,
        "bylines": [
            {"person": b.person_id, "name": b.person.name, "role": b.role}
            for b in bylines
        ],
        "mentions": [
            {
                "person": m.person_id,
                "name": m.person.name,
                "role": m.role,
                "confirmed": m.confirmed,
                "matched_text": m.matched_text,
                "position": m.position,
            }
            for m in mentions
        ],
        "tags": sorted(tagged.tag.name for tagged in tags),
    }


def record_first_revisions(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Revision = apps.get_model("articles", "Revision")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    for article in Article.objects.select_related("section").iterator():
        Revision.objects.create(
            article_id=article.pk,
            version=article.version,
            status=article.status,
            snapshot=snapshot(article, TaggedArticle),
            created_at=article.modified_at,
            source="migration",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_ninjs_uri"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="Version"),
        ),
        migrations.CreateModel(
            name="PendingChanges",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("snapshot", models.JSONField(verbose_name="Inhalt")),
                (
                    "saved_at",
                    models.DateTimeField(auto_now=True, verbose_name="gespeichert"),
                ),
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pending_changes",
                        to="articles.article",
                        verbose_name="Artikel",
                    ),
                ),
                (
                    "saved_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gespeichert von",
                    ),
                ),
            ],
            options={
                "verbose_name": "unveröffentlichte Änderungen",
                "verbose_name_plural": "unveröffentlichte Änderungen",
            },
        ),
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("created", "angelegt"),
                            ("submitted", "zur Prüfung eingereicht"),
                            ("published", "veröffentlicht"),
                            ("scheduled", "eingeplant"),
                            ("unpublished", "Veröffentlichung zurückgenommen"),
                            ("pending_saved", "Änderungen als Entwurf gespeichert"),
                            ("pending_published", "Änderungen veröffentlicht"),
                            ("pending_discarded", "Änderungen verworfen"),
                            ("slug_changed", "URL geändert"),
                            ("deleted", "gelöscht"),
                            ("restored", "wiederhergestellt"),
                            ("correction_added", "Korrektur hinzugefügt"),
                            ("preview_link_made", "Vorschau-Link erstellt"),
                            ("preview_link_revoked", "Vorschau-Link widerrufen"),
                        ],
                        max_length=32,
                        verbose_name="Vorgang",
                    ),
                ),
                (
                    "headline",
                    models.CharField(max_length=200, verbose_name="Überschrift"),
                ),
                (
                    "at",
                    models.DateTimeField(
                        db_index=True,
                        default=django.utils.timezone.now,
                        verbose_name="Zeitpunkt",
                    ),
                ),
                (
                    "details",
                    models.JSONField(
                        blank=True, default=dict, verbose_name="Einzelheiten"
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="audit_entries",
                        to="articles.article",
                        verbose_name="Artikel",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Person",
                    ),
                ),
            ],
            options={
                "verbose_name": "Protokolleintrag",
                "verbose_name_plural": "Protokoll",
                "ordering": ["-at", "-pk"],
                "default_permissions": (),
                "indexes": [
                    models.Index(fields=["article", "-at"], name="audit_article_idx")
                ],
            },
        ),
        migrations.CreateModel(
            name="EditorPresence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("seen_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("autosaved", models.BooleanField(default=False)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="editor_presences",
                        to="articles.article",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "user"), name="editor_presence_once"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Revision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("version", models.PositiveIntegerField(verbose_name="Version")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Entwurf"),
                            ("review", "In Prüfung"),
                            ("published", "Veröffentlicht"),
                        ],
                        max_length=16,
                        verbose_name="Status",
                    ),
                ),
                (
                    "pending",
                    models.BooleanField(
                        default=False, verbose_name="unveröffentlichte Änderungen"
                    ),
                ),
                ("snapshot", models.JSONField(verbose_name="Inhalt")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="gespeichert"
                    ),
                ),
                (
                    "source",
                    models.CharField(blank=True, max_length=40, verbose_name="Weg"),
                ),
                (
                    "article",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="revisions",
                        to="articles.article",
                        verbose_name="Artikel",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="gespeichert von",
                    ),
                ),
            ],
            options={
                "verbose_name": "Version",
                "verbose_name_plural": "Versionen",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        fields=["article", "-created_at"], name="revision_article_idx"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="WorkingDraft",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("autosave", "automatisch gespeichert"),
                            ("refused", "abgelehnte Speicherung"),
                        ],
                        max_length=16,
                    ),
                ),
                ("snapshot", models.JSONField()),
                ("version", models.PositiveIntegerField()),
                ("saved_at", models.DateTimeField(auto_now=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="working_drafts",
                        to="articles.article",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "Arbeitsfassung",
                "verbose_name_plural": "Arbeitsfassungen",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "user", "kind"), name="working_draft_once"
                    )
                ],
            },
        ),
        migrations.RunPython(record_first_revisions, migrations.RunPython.noop),
    ]
