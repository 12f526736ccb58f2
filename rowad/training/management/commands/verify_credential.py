"""Check a certificate's signed credential from its JSON file alone (no database, no network)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rowad.training.credentials import verify_credential


class Command(BaseCommand):
    help = (
        "Verify a signed Open Badges 3.0 / W3C verifiable credential (JSON file) offline: its "
        "eddsa-rdfc-2022 proof, its dates and whether this agency's key signed it. Exit code 1 when invalid."
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the credential, a JSON file ('-' for standard input)")
        parser.add_argument(
            "--any-issuer",
            action="store_true",
            help="accept a valid signature by any did:key (a generic verifier's view)",
        )

    def handle(self, *args, **options) -> None:
        path = options["file"]
        try:
            text = self.stdin_text() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from error
        try:
            document = json.loads(text)
        except ValueError as error:
            self.stdout.write(f"INVALID: not JSON ({error})")
            raise SystemExit(1) from None
        check = verify_credential(document, any_issuer=options["any_issuer"])
        if check.number:
            self.stdout.write(f"certificate: {check.number}")
        if check.valid:
            self.stdout.write(self.style.SUCCESS("VALID"))
            return
        self.stdout.write(self.style.ERROR("INVALID"))
        for reason in check.reasons:
            self.stdout.write(f"- {reason}")
        raise SystemExit(1)

    def stdin_text(self) -> str:
        import sys

        return sys.stdin.read()
