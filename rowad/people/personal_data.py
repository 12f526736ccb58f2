"""What in the people app refers to a person, and how it is exported and erased."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import ANONYMISE, DELETE, KEEP, Declaration, register

from .models import DuplicateCandidate, PersonMerge


def _erase_person_row(rows, person, needles) -> None:
    from .services import anonymise_person_row

    anonymise_person_row(person)


register(
    Declaration(
        "people.Person",
        ANONYMISE,
        person="pk",
        export=(
            "given_name_ar",
            "family_name_ar",
            "given_name_latin",
            "family_name_latin",
            "country",
            "national_id",
            "birth_date",
            "sex",
            "phone",
            "phone_alt",
            "email",
            "province",
            "address",
            "education_level",
            "diploma",
            "employment_status",
            "target_categories",
            "first_met",
            "organization",
            "preferred_language",
            "created_at",
            "updated_at",
        ),
        erase_with=_erase_person_row,
        reason=_(
            "The anonymous record stays (province, sex, target categories, dates) so that "
            "the programme's figures remain exact; names, ID, birth date, contacts, address "
            "and their past values are erased."
        ),
        order=95,
    ),
    Declaration(
        "people.PersonNameKey",
        DELETE,
        person="person",
        note=_("Search keys derived from the names (not exported: they repeat the names)."),
    ),
    Declaration(
        "people.ConsentRecord",
        DELETE,
        person="person",
        export=(
            "purpose",
            "channel",
            "given",
            "recorded_on",
            "method",
            "notice_version",
            "source",
            "partner",
        ),
    ),
    Declaration(
        "people.DuplicateCandidate",
        DELETE,
        rows=lambda person, found: DuplicateCandidate.objects.filter(
            Q(person_a=person.pk) | Q(person_b=person.pk)
        ),
        export=("probability", "status", "found_at", "decided_at"),
    ),
    Declaration(
        "people.PersonMerge",
        ANONYMISE,
        rows=lambda person, found: PersonMerge.objects.filter(Q(survivor=person.pk) | Q(merged=person.pk)),
        export=("automatic", "merged_at", "undone_at"),
        scrub=("filled", "moves"),
        reason=_(
            "Which records were merged stays, so a merge can be explained; the copied values are erased."
        ),
    ),
    Declaration(
        "people.PersonErasure",
        KEEP,
        person="person",
        export=("erased_at", "reason", "kept"),
        reason=_("The proof that the erasure was done, and of what was kept and why."),
    ),
)
