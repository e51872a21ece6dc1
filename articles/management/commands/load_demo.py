"""Load the demo newsroom: the BerlinMorgen report on the talks in Riyadh."""

import json
import secrets
from datetime import datetime
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import plaintext
from articles.models import Article, Section
from pages.models import Page
from people.models import Person, User

DEMO = Path(__file__).resolve().parents[2] / "demo"
SEED = DEMO / "berlinmorgen-usa-russland-gespraeche-riad.txt"
PERSON_FIELDS = ["description", "organisation", "country", "wikidata_id"]


class Command(BaseCommand):
    help = "Lädt die Demo-Redaktion (idempotent: ein zweiter Lauf ändert nichts)."

    @transaction.atomic
    def handle(self, *args, **options):
        demo = json.loads((DEMO / "newsroom.json").read_text(encoding="utf-8"))
        accounts = self.create_accounts(demo["accounts"])
        section, _ = Section.objects.get_or_create(
            slug=demo["section"]["slug"], defaults={"name": demo["section"]["name"]}
        )
        self.create_pages(demo["pages"])
        author, _ = Person.objects.get_or_create(
            name=demo["author"]["name"],
            defaults={
                "description": demo["author"]["description"],
                "user": accounts[demo["author"]["account"]],
            },
        )
        for entry in demo["people"]:
            Person.objects.get_or_create(
                name=entry["name"],
                defaults={
                    "aliases": "\n".join(entry["aliases"]),
                    **{field: entry[field] for field in PERSON_FIELDS},
                },
            )

        piece = plaintext.parse(plaintext.decode(SEED.read_bytes()))
        if Article.objects.filter(headline=piece.headline).exists():
            self.stdout.write("Die Demo-Redaktion ist schon geladen.")
            return
        article, _ = Article.objects.create_from_piece(
            piece,
            section=section,
            mention_index=Person.objects.mention_index(),
            bylines=[(author, demo["author"]["byline_role"])],
            tags=demo["tags"],
            status=Article.Status.PUBLISHED,
            publish_at=datetime.fromisoformat(demo["published_at"]),
            source="load_demo",
        )
        url = article.get_absolute_url()
        self.stdout.write(self.style.SUCCESS(f"Demo-Artikel geladen: {url}"))

    def create_pages(self, pages):
        """Impressum, Datenschutz and Kontakt; pages that exist are left as they are."""
        for position, entry in enumerate(pages):
            if Page.objects.filter(slug=entry["slug"]).exists():
                continue
            body = (DEMO / "pages" / f"{entry['slug']}.md").read_text(encoding="utf-8")
            page = Page(position=position, body=body, **entry)
            page.full_clean()
            page.save()

    def create_accounts(self, accounts):
        users = {}
        for account in accounts:
            username, group = account["username"], account["group"]
            user = User.objects.filter(username=username).first()
            if user is None:
                password = secrets.token_urlsafe(12)
                user = User.objects.create_user(
                    username, password=password, is_staff=True
                )
                user.groups.add(Group.objects.get(name=group))
                self.stdout.write(
                    f"Demo-Konto angelegt: {username} ({group}), Passwort: {password}"
                )
            else:
                self.stdout.write(
                    f"Demo-Konto {username} existiert schon; neues Passwort mit "
                    f"`DEBUG=1 .venv/bin/python manage.py changepassword {username}`."
                )
            users[username] = user
        return users
