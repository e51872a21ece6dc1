from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_live_from(apps, schema_editor):
    """Give every byline, mention and tagging of a published piece its publish_at."""
    Article = apps.get_model("articles", "Article")
    for name, article_field in [
        ("Byline", "article"),
        ("Mention", "article"),
        ("TaggedArticle", "content_object"),
    ]:
        links = apps.get_model("articles", name).objects.filter(
            **{f"{article_field}__status": "published"}
        )
        publish_at = Article.objects.filter(pk=OuterRef(article_field)).values(
            "publish_at"
        )
        links.update(live_from=Subquery(publish_at))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_article_updated_at_index"),
        ("people", "0003_name_trigram"),
    ]

    operations = [
        migrations.AddField(
            model_name="byline",
            name="live_from",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="mention",
            name="live_from",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="taggedarticle",
            name="live_from",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(copy_live_from, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="byline",
            index=models.Index(
                fields=["person", "live_from", "article"], name="byline_live_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(
                fields=["person", "live_from", "article"], name="mention_live_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="taggedarticle",
            index=models.Index(
                fields=["tag", "live_from", "content_object"],
                name="tagged_article_live_idx",
            ),
        ),
    ]
