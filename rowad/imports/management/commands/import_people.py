"""python manage.py import_people PATH [--mode all-or-nothing|valid-rows] [--map FIELD=COLUMN ...] [--source NAME]
[--on-optional-error warn|reject]

`--map` takes several pairs at once (`--map a=x b=y`) or one at a time, given several
times (`--map a=x --map b=y`); every pair is kept. Files of any size are read as a stream:
the web upload's size limit does not apply here (operators migrate whole registries)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rowad.core.errors import DomainError
from rowad.imports import processing, services
from rowad.imports.enums import ImportMode, OptionalErrors, ProblemKind
from rowad.imports.mapping import TARGET_FIELDS, parse_map_options
from rowad.imports.models import ImportBatch

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Import people from a CSV, XLSX or KoboToolbox/ODK export (validated first; same rules as the page)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?")
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.VALID_ROWS)
        parser.add_argument(
            "--map",
            action="extend",
            nargs="+",
            default=[],
            metavar="FIELD=COLUMN",
            help="several pairs at once or --map given several times; all are kept",
        )
        parser.add_argument(
            "--on-optional-error",
            choices=OptionalErrors.values,
            default=None,
            help="a problem in a phone, email, address, diploma or where-met column: keep the person with "
            "that field empty and warn (default in valid-rows mode), or reject the row (default in "
            "all-or-nothing mode)",
        )
        parser.add_argument("--source", default="")
        parser.add_argument("--country", choices=["DZ", "MA"], default="DZ")
        parser.add_argument("--encoding", default="", choices=["", "utf-8", "utf-8-sig", "cp1256", "latin-1"])
        parser.add_argument("--user", default="", help="username recorded as the author (history, audit)")

    def handle(self, *args, **options):
        pairs, path = _split_path(options["map"], options["path"])
        if path is None:
            raise CommandError("Give the path of the file to import.")
        path = Path(path)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            mapping = parse_map_options(pairs)
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
                read_now=True,
                actor=actor,
                source_name=options["source"] or path.name,
                country=options["country"],
                mode=options["mode"],
                encoding=options["encoding"],
                on_optional_error=options["on_optional_error"],
                max_bytes=None,
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


def _split_path(pairs: list[str], path: str | None) -> tuple[list[str], str | None]:
    """`--map a=x b=y people.csv`: the path written after the pairs is the path."""
    if path is None and pairs and "=" not in pairs[-1]:
        return pairs[:-1], pairs[-1]
    return pairs, path


def summary(batch: ImportBatch) -> str:
    """The import's outcome, in the active language: counts, the columns mapped and the
    person fields that got none, the first rejections and, apart, the first warnings."""
    # In the registry's field order: PostgreSQL's jsonb keeps no key order.
    mapped = {f: batch.mapping[f] for f in TARGET_FIELDS if f in batch.mapping}
    unmapped = [f for f in TARGET_FIELDS if f not in mapped]
    lines = [
        f"Import #{batch.pk} from {batch.file_name} (source {batch.source.name}, {batch.get_file_format_display()}"
        f"{', ' + batch.encoding if batch.encoding else ''}) — {batch.get_status_display()}",
        f"  columns mapped:   {', '.join(f'{f}={c}' for f, c in mapped.items()) or '-'}",
        f"  fields without a column: {', '.join(unmapped) or '-'}",
        f"  optional fields:  {batch.get_on_optional_error_display()}",
        f"  rows read:        {batch.rows_total}",
        f"  written:          {batch.rows_written}",
        f"  kept with a field left empty: {batch.rows_warned}",
        f"  already imported: {batch.rows_already}",
        f"  to review:        {batch.rows_review} (national ID already registered; nothing changed)",
        f"  rejected:         {batch.rows_rejected}",
    ]
    if batch.failure:
        lines.append(f"  {batch.failure_text}")
    problems = batch.problems.exclude(kind=ProblemKind.WARNING)[:SHOWN]
    if problems:
        lines.append(_("Rejected rows and rows to review:"))
    for problem in problems:
        lines.append(f"  line {problem.line} [{problem.column or '-'}] {problem.reason} {problem.value}")
    warnings = batch.problems.filter(kind=ProblemKind.WARNING)[:SHOWN]
    if warnings:
        lines.append(_("Warnings: people kept, field left empty:"))
    for problem in warnings:
        lines.append(f"  line {problem.line} [{problem.column or '-'}] {problem.reason} {problem.value}")
    return "\n".join(str(line) for line in lines)
