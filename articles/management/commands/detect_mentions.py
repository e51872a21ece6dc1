"""Find the people mentioned in a plain-text file, or again across the archive."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import plaintext
from articles.models import Article
from newsroom.progress import progress
from people.models import Person


class Command(BaseCommand):
    help = (
        "Findet erwähnte Personen. Mit --text-file: in einer Textdatei, ohne etwas "
        "zu speichern. Ohne: im ganzen Archiv, fehlende Erwähnungen werden ergänzt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--text-file", help="Textdatei im Format der Agenturtexte")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--dry-run", action="store_true", help="nur zählen, nichts speichern"
        )

    def handle(self, *args, **options):
        index = Person.objects.mention_index()
        if options["text_file"]:
            self.detect_in_file(options["text_file"], index, options["format"])
        else:
            self.detect_in_archive(index, options["dry_run"])

    def detect_in_file(self, path, index, output_format):
        try:
            with open(path, "rb") as file:
                text = plaintext.decode(file.read())
        except (OSError, plaintext.PlainTextError) as error:
            raise CommandError(f"{path}: {error}") from None
        report = Person.objects.describe_detection(index.detect(text))
        if output_format == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for mention in report["mentions"]:
            role = f" ({mention['role']})" if mention["role"] else ""
            self.stdout.write(f"{mention['name']}{role}: „{mention['matched']}“")
        for ambiguity in report["ambiguous"]:
            candidates = ", ".join(ambiguity["candidates"])
            self.stdout.write(f"Mehrdeutig: „{ambiguity['matched']}“ ({candidates})")
        for suggestion in report["suggestions"]:
            self.stdout.write(f"Neue Person? {suggestion['name']}")

    def detect_in_archive(self, index, dry_run):
        # One transaction per piece: an interrupted run keeps what it finished,
        # and a new run only adds what is still missing.
        pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        added = searched = 0
        try:
            for pk in progress(pks, len(pks), self.stderr):
                searched += 1
                with transaction.atomic():
                    article = Article.objects.select_for_update().filter(pk=pk).first()
                    if article is None:
                        continue
                    detection = index.detect(article.mention_text())
                    new_mentions = article.link_detected_people(detection)
                    added += len(new_mentions)
                    if dry_run:
                        transaction.set_rollback(True)
                    elif new_mentions:
                        # The row is locked, so its version cannot be stale here.
                        article.claim_next_version()
                        article.save_revision(source="detect_mentions")
        except KeyboardInterrupt:
            raise CommandError(
                f"Abgebrochen nach {searched} von {len(pks)} Artikeln; "
                "ein neuer Lauf setzt fort."
            ) from None
        verb = "würden ergänzt" if dry_run else "ergänzt"
        self.stdout.write(f"{len(pks)} Artikel durchsucht, {added} Erwähnungen {verb}.")
