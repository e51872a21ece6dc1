"""Write pieces as IPTC ninjs 2.2 JSON, as readers see them."""

import json
import os
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db.models import Q

from articles import ninjs
from articles.models import Article


def dumps(item):
    return json.dumps(item, ensure_ascii=False, indent=2)


class Command(BaseCommand):
    help = (
        "Schreibt Artikel als IPTC-ninjs-2.2-JSON: ein genannter Artikel als ein "
        "Objekt, mehrere oder --all als Liste. Nicht sichtbare Artikel erscheinen "
        "ohne Inhalt als „withheld“ oder „canceled“."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "pieces", nargs="*", metavar="ARTIKEL", help="Kurzname oder ID"
        )
        parser.add_argument(
            "--all", action="store_true", help="alle veröffentlichten Artikel"
        )
        parser.add_argument("--output", "-o", help="Datei statt Standardausgabe")

    def handle(self, *args, pieces, **options):
        if bool(pieces) == options["all"]:
            raise CommandError("Artikel nennen (Kurzname oder ID) oder --all angeben.")
        if options["all"]:
            articles = (
                Article.objects.published()
                .for_page()
                .order_by("publish_at", "pk")
                .iterator(chunk_size=500)
            )
        else:
            articles = [self.find(name) for name in pieces]
        as_list = options["all"] or len(pieces) > 1

        output = options["output"]
        if output is None:
            self.write(self.stdout, articles, as_list)
            return
        # Written aside and moved into place, so a failed run leaves no half file.
        target = Path(output)
        partial = target.with_name(f".{target.name}.partial")
        try:
            with partial.open("w", encoding="utf-8") as file:
                count = self.write(OutputWrapper(file), articles, as_list)
            os.replace(partial, target)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{output}: {error.strerror}") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if options["verbosity"] > 0:
            self.stdout.write(f"{count} Artikel nach {output} geschrieben.")

    def find(self, name):
        is_id = re.fullmatch(r"[0-9]{1,18}", name)
        condition = Q(slug=name) | (Q(pk=int(name)) if is_id else Q())
        article = Article.objects.for_page().filter(condition).first()
        if article is None:
            raise CommandError(f"Artikel „{name}“ gibt es nicht (Kurzname oder ID).")
        return article

    def write(self, stream, articles, as_list):
        count = 0
        for article in articles:
            item = ninjs.to_ninjs(article)
            try:
                problems = ninjs.schema_problems(item)
            except ninjs.NinjsError as error:
                raise CommandError(str(error)) from None
            if problems:
                raise CommandError(
                    f"Artikel {article.pk}: Export ist kein gültiges ninjs: "
                    + "; ".join(problems)
                )
            if as_list:
                stream.write(("[\n" if count == 0 else ",\n") + dumps(item), ending="")
            else:
                stream.write(dumps(item) + "\n", ending="")
            count += 1
        if as_list:
            stream.write("\n]\n" if count else "[]\n", ending="")
        return count
