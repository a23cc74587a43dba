"""Load a round of Arbetsförmedlingen's Yrkesbarometer from a file: the official
``yrkesbarometer.json`` (every county) or a CSV in the same or the shipped file's columns."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from competence.barometer import importer


class Command(BaseCommand):
    help = "Load a round of Arbetsförmedlingen's Yrkesbarometer (JSON or CSV); --dry-run shows the changes."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--round", default="", help="The round (e.g. 2026-1), where the file does not say."
        )
        parser.add_argument("--published", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; load nothing.")

    def handle(self, *args, file, round, published, dry_run, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        parsed = importer.read(data, filename=file.name, round_code=round)
        if not parsed.ok:
            raise CommandError("\n".join([f"{file}: nothing loaded.", *parsed.errors]))
        preview = importer.preview(parsed)
        state = "new" if preview.new_round else f"replaces {preview.replaced} assessments"
        self.stdout.write(
            f"Round {preview.round} ({state}): "
            f"{preview.assessments} assessments of {preview.occupations} occupations in "
            f"{len(preview.counties)} areas ({', '.join(preview.counties)}); "
            f"{len(preview.new_occupations)} new occupations."
        )
        if preview.previous_round:
            self.stdout.write(f"{len(preview.moved)} assessments moved since round {preview.previous_round}.")
        for warning in preview.warnings:
            self.stdout.write(f"Note: {warning}")
        if dry_run:
            self.stdout.write("Dry run: nothing loaded.")
            return
        importer.load(parsed, published=published)
        self.stdout.write(self.style.SUCCESS(f"Loaded round {preview.round}."))
