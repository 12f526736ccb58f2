"""python manage.py import_people PATH [--mode all-or-nothing|valid-rows] [--map FIELD=COLUMN ...] [--source NAME]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rowad.core.errors import DomainError
from rowad.imports import processing, services
from rowad.imports.enums import ImportMode
from rowad.imports.mapping import TARGET_FIELDS, parse_map_options
from rowad.imports.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Import people from a CSV, XLSX or KoboToolbox/ODK export (validated first; same rules as the page)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.VALID_ROWS)
        parser.add_argument("--map", nargs="*", default=[], metavar="FIELD=COLUMN")
        parser.add_argument("--source", default="")
        parser.add_argument("--country", choices=["DZ", "MA"], default="DZ")
        parser.add_argument("--encoding", default="", choices=["", "utf-8", "utf-8-sig", "cp1256", "latin-1"])
        parser.add_argument("--user", default="", help="username recorded as the author (history, audit)")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            mapping = parse_map_options(options["map"])
        except ValueError as exc:
            raise CommandError(
                f"--map expects FIELD=COLUMN with FIELD among: {', '.join(TARGET_FIELDS)} ({exc})"
            ) from exc
        actor = None
        if options["user"]:
            from django.contrib.auth import get_user_model

            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Unknown user: {options['user']}")
        try:
            batch = services.create_batch(
                path,
                actor=actor,
                source_name=options["source"] or path.name,
                country=options["country"],
                mode=options["mode"],
                encoding=options["encoding"],
            )
            if mapping:
                services.set_mapping(
                    batch, mapping={**batch.mapping, **mapping}, mode=options["mode"], actor=actor
                )
            batch = services.start_import(batch, actor=actor, enqueue=False)
            batch = processing.run_batch_now(batch.pk, actor=actor)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(summary(batch))
        if not batch.rows_written:
            raise CommandError("Nothing was imported.", returncode=2)


def summary(batch: ImportBatch) -> str:
    lines = [
        f"Import #{batch.pk} from {batch.file_name} (source {batch.source.name}, {batch.get_file_format_display()}"
        f"{', ' + batch.encoding if batch.encoding else ''}) — {batch.get_status_display()}",
        f"  columns: {', '.join(f'{f}={c}' for f, c in batch.mapping.items())}",
        f"  rows read:        {batch.rows_total}",
        f"  written:          {batch.rows_written}",
        f"  already imported: {batch.rows_already}",
        f"  to review:        {batch.rows_review} (national ID already registered; nothing changed)",
        f"  rejected:         {batch.rows_rejected}",
    ]
    if batch.failure:
        lines.append(f"  {batch.failure_text}")
    for problem in batch.problems.all()[:20]:
        lines.append(f"  line {problem.line} [{problem.column or '-'}] {problem.reason} {problem.value}")
    return "\n".join(str(line) for line in lines)
