"""What in the people app refers to a person, and how it is exported and erased."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role
from rowad.core.privacy import ANONYMISE, DELETE, KEEP, Declaration, register
from rowad.core.register import DataCategory, LegalBasis, ProcessingPurpose, declare_purpose

from .models import ConsentRecord, DuplicateCandidate, PersonMerge


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


# --- The register of processing activities (rowad.core.register) ------------------------
# One entry per purpose for the declaration to the ANPDP (Algeria) or the CNDP (Morocco):
# the apps listed are those whose declarations above (and in each app's personal_data.py)
# hold the purpose's records; partner organizations are read from the database
# (people.queries.partner_recipients).

R = Role
C = DataCategory
B = LegalBasis

declare_purpose(
    ProcessingPurpose(
        "registration",
        _("Registration and follow-up of project holders"),
        B.CONSENT,
        (C.IDENTITY, C.CONTACT, C.EDUCATION, C.SENSITIVE, C.CONSENT),
        ("people", "outreach", "imports"),
        recipients=(R.AGENCY_OFFICER.label, R.FIELD_AGENT.label, R.DIRECTOR.label, R.ASSOCIATION_REP.label),
        consent_purpose=ConsentRecord.Purpose.REGISTRATION,
        partner_roles=(R.ASSOCIATION_REP,),
        order=10,
    ),
    ProcessingPurpose(
        "dossiers",
        _("Study, committee decision and financing of project files"),
        B.CONTRACT,
        (C.IDENTITY, C.CONTACT, C.PROJECT, C.FINANCIAL),
        ("dossiers", "committees", "financing"),
        recipients=(R.AGENCY_OFFICER.label, R.COMMITTEE_MEMBER.label, R.DIRECTOR.label),
        partner_roles=(R.SPONSOR_OFFICER, R.FUNDER_OFFICER),
        order=20,
    ),
    ProcessingPurpose(
        "training",
        _("Training of project holders"),
        B.CONTRACT,
        (C.IDENTITY, C.TRAINING),
        ("training",),
        recipients=(R.AGENCY_OFFICER.label, R.TRAINER.label),
        partner_roles=(R.TRAINER,),
        order=30,
    ),
    ProcessingPurpose(
        "enterprises",
        _("Follow-up of the enterprises created and their market work"),
        B.CONTRACT,
        (C.IDENTITY, C.CONTACT, C.ENTERPRISE, C.FINANCIAL),
        ("enterprises", "market"),
        recipients=(R.AGENCY_OFFICER.label, R.MENTOR.label, R.DIRECTOR.label),
        partner_roles=(R.MENTOR, R.SPONSOR_OFFICER),
        order=40,
    ),
    ProcessingPurpose(
        "contact",
        ConsentRecord.Purpose.CONTACT.label,
        B.CONSENT,
        (C.CONTACT, C.MESSAGES),
        ("messaging",),
        recipients=(R.AGENCY_OFFICER.label,),
        consent_purpose=ConsentRecord.Purpose.CONTACT,
        order=50,
    ),
    ProcessingPurpose(
        "sharing",
        ConsentRecord.Purpose.SHARING.label,
        B.CONSENT,
        (C.IDENTITY, C.CONTACT, C.PROJECT),
        (),
        consent_purpose=ConsentRecord.Purpose.SHARING,
        order=60,
    ),
    ProcessingPurpose(
        "photos",
        ConsentRecord.Purpose.PHOTOS.label,
        B.CONSENT,
        (C.PHOTOS,),
        (),
        recipients=(R.AGENCY_OFFICER.label,),
        consent_purpose=ConsentRecord.Purpose.PHOTOS,
        order=70,
    ),
    ProcessingPurpose(
        "portal",
        _("Holder portal accounts"),
        B.CONTRACT,
        (C.ACCOUNT, C.CONTACT),
        ("portal",),
        recipients=(R.AGENCY_OFFICER.label,),
        order=80,
    ),
    ProcessingPurpose(
        "accountability",
        _("Audit trail of the actions on personal data"),
        B.LEGAL_OBLIGATION,
        (C.ACCOUNT,),
        ("core", "accounts", "axes"),
        recipients=(R.DIRECTOR.label, R.PLATFORM_ADMIN.label),
        order=90,
    ),
    ProcessingPurpose(
        "rights",
        _("Answering people's requests about their data (access, rectification, objection, erasure)"),
        B.LEGAL_OBLIGATION,
        (C.IDENTITY, C.CONTACT),
        ("protection",),
        recipients=(R.AGENCY_OFFICER.label,),
        order=100,
    ),
)
