"""Import pieces in the plain-text format of the BerlinMorgen seed."""

import json
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles import plaintext
from articles.models import Article, Section
from people.models import Person


def parse_time(value):
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--publish-at „{value}“ ist keine Zeit wie 2025-02-18T14:30"
        ) from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = (
        "Importiert Artikel aus Textdateien: erste Zeile Überschrift, zweite Vorspann, "
        "kurze Zeilen ohne Satzzeichen als Zwischenüberschriften, Schlusszeile."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--section", default="politik", help="Kurzname des Ressorts"
        )
        parser.add_argument(
            "--author",
            action="append",
            default=[],
            help="Kurzname einer Person für die Autorenzeile (mehrfach möglich)",
        )
        parser.add_argument("--tag", action="append", default=[], help="Schlagwort")
        parser.add_argument(
            "--status",
            choices=[status.value for status in Article.Status],
            default="draft",
        )
        parser.add_argument(
            "--publish-at", type=parse_time, help="z. B. 2025-02-18T14:30"
        )
        parser.add_argument("--dry-run", action="store_true", help="nichts speichern")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, files, **options):
        section = Section.objects.filter(slug=options["section"]).first()
        if section is None:
            raise CommandError(f"Ressort „{options['section']}“ gibt es nicht.")
        authors = []
        for slug in options["author"]:
            person = Person.objects.filter(slug=slug).first()
            if person is None:
                raise CommandError(
                    f"Person „{slug}“ gibt es nicht (Kurzname erwartet)."
                )
            authors.append(person)
        index = Person.objects.mention_index()

        failed, reports = [], []
        for path in files:
            try:
                piece = plaintext.parse(self.read(path))
                if options["dry_run"]:
                    reports.append(self.describe(piece, section, index))
                    continue
                article, detection = Article.objects.create_from_piece(
                    piece,
                    section=section,
                    mention_index=index,
                    bylines=[(author, "") for author in authors],
                    tags=options["tag"],
                    status=options["status"],
                    publish_at=options["publish_at"],
                    source="import_article",
                )
            except (OSError, plaintext.PlainTextError) as error:
                failed.append(path)
                self.stderr.write(f"{path}: {error}")
                continue
            except ValidationError as error:
                failed.append(path)
                self.stderr.write(f"{path}: {'; '.join(error.messages)}")
                continue
            if options["verbosity"] > 0 and options["format"] == "text":
                self.stdout.write(
                    f"{path}: „{article.headline}“ importiert, "
                    f"{len(detection.people())} Personen verknüpft."
                )

        if options["dry_run"] and options["format"] == "json":
            output = reports[0] if len(files) == 1 and reports else reports
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        elif options["dry_run"]:
            for report in reports:
                self.stdout.write(f"„{report['headline']}“ (nicht gespeichert)")
        if failed:
            imported = len(files) - len(failed)
            raise CommandError(
                f"{len(failed)} von {len(files)} Dateien nicht importiert "
                f"({', '.join(failed)}); {imported} importiert."
            )

    def read(self, path):
        with open(path, "rb") as file:
            return plaintext.decode(file.read())

    def describe(self, piece, section, index):
        unsaved = Article(headline=piece.headline, teaser=piece.teaser, body=piece.body)
        detection = index.detect(unsaved.mention_text())
        return {
            "headline": piece.headline,
            "teaser": piece.teaser,
            "subheadings": piece.subheadings,
            "body": piece.body,
            "sign_off": piece.sign_off,
            "section": section.slug,
            **Person.objects.describe_detection(detection),
        }
