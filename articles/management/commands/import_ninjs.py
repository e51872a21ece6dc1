"""Import IPTC ninjs items (one object or a list per file) as pieces."""

from django.core.management.base import BaseCommand, CommandError

from articles import ninjs
from articles.models import Section


class Command(BaseCommand):
    help = (
        "Importiert IPTC-ninjs-Dateien (ein Objekt oder eine Liste je Datei) als "
        "Entwürfe; eine schon importierte uri aktualisiert ihren Artikel. Erst "
        "wird alles geprüft, dann alles in einem Zug gespeichert: bei einem Fehler "
        "nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--section",
            default="politik",
            help="Kurzname des Ressorts für neue Artikel (Standard: politik)",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="„usable“-Einträge veröffentlichen (zur Zeit von firstcreated)",
        )

    def handle(self, *args, files, **options):
        section = Section.objects.filter(slug=options["section"]).first()
        if section is None:
            raise CommandError(f"Ressort „{options['section']}“ gibt es nicht.")
        try:
            items = []
            for path in files:
                for label, item in ninjs.read_items(self.read(path), path):
                    try:
                        items.append((label, ninjs.from_ninjs(item)))
                    except ninjs.NinjsError as error:
                        raise ninjs.NinjsError(f"{label}: {error}") from None
            stored = ninjs.store_items(
                items, section=section, publish=options["publish"]
            )
        except ninjs.NinjsError as error:
            raise CommandError(f"{error}. Nichts importiert.") from None

        if options["verbosity"] == 0:
            return
        for (label, item), result in zip(items, stored, strict=True):
            article = result.article
            if article is None:
                self.stdout.write(f"{label}: zurückgezogen, Artikel unbekannt.")
                continue
            if item.piece is None:
                action = "zurückgezogen"
            else:
                action = "angelegt" if result.created else "aktualisiert"
            self.stdout.write(
                f"{label}: „{article.headline}“ {action} "
                f"({article.get_status_display_with_schedule()})."
            )
            if result.new_authors:
                self.stdout.write(
                    f"  Neu angelegte Autor/innen: {', '.join(result.new_authors)}"
                )
            if result.people:
                self.stdout.write(f"  Personen verknüpft: {', '.join(result.people)}")
            if result.suggestions:
                self.stdout.write(
                    f"  Vorschläge für neue Personen: {', '.join(result.suggestions)}"
                )

    def read(self, path):
        try:
            with open(path, "rb") as file:
                return file.read()
        except OSError as error:
            raise CommandError(
                f"{path}: {error.strerror}. Nichts importiert."
            ) from None
