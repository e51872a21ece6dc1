"""Editors (group Redaktion) edit the newsroom's own pages and restore versions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "add_page",
    "change_page",
    "delete_page",
    "view_page",
    "view_pagerevision",
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate).
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Redaktion")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="pages", codename__in=EDITOR_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for editors in Group.objects.filter(name="Redaktion"):
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="pages", codename__in=EDITOR_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("articles", "0003_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
