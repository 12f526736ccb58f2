from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rowad.dossiers.diagram import render


class Command(BaseCommand):
    help = "Write docs/dossier-states.md (Mermaid) from the dossier TRANSITIONS table."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if the committed file is out of date.")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "dossier-states.md"))

    def handle(self, *args, check: bool = False, output: str = "", **options) -> None:
        path = Path(output)
        text = render()
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(f"{path} is out of date: run manage.py dossier_state_diagram")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
