"""Create the newsroom's two roles with their permissions.

Permissions are normally created after all migrations ran (post_migrate), so this
migration asks for them to be created first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_byline",
    "articles.change_byline",
    "articles.delete_byline",
    "articles.view_byline",
    "articles.add_mention",
    "articles.change_mention",
    "articles.delete_mention",
    "articles.view_mention",
    "articles.add_taggedarticle",
    "articles.change_taggedarticle",
    "articles.delete_taggedarticle",
    "articles.view_taggedarticle",
    "articles.view_correction",
    "articles.add_tag",
    "articles.view_tag",
    "articles.view_section",
    "people.view_person",
]

EDITOR_MODELS = {
    "articles": [
        "article",
        "byline",
        "mention",
        "taggedarticle",
        "correction",
        "section",
        "tag",
    ],
    "people": ["person"],
}


def editor_permissions():
    codenames = ["articles.publish_article"]
    for app_label, models in EDITOR_MODELS.items():
        for model in models:
            for action in ("add", "change", "delete", "view"):
                codenames.append(f"{app_label}.{action}_{model}")
    return codenames


def permissions_for(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        found.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return found


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    reporters, _ = Group.objects.get_or_create(name="Reporter")
    reporters.permissions.set(permissions_for(apps, REPORTER_PERMISSIONS))
    editors, _ = Group.objects.get_or_create(name="Redaktion")
    editors.permissions.set(permissions_for(apps, editor_permissions()))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Reporter", "Redaktion"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
