"""The certificate as an Open Badges 3.0 / W3C verifiable credential (JSON-LD).

Placeholder of the certificates branch: it builds the credential document WITHOUT a
proof, and `verify_credential` only compares a document with the record. The signed
version (the agency's key, offline verification) comes from the credentials work and
replaces this module; the interface stays the same:

    issue_credential(certificate, verification_url=...) -> dict
    verify_credential(document) -> CredentialCheck
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


@dataclass
class CredentialCheck:
    valid: bool
    reasons: list[str] = field(default_factory=list)
    number: str | None = None


def issue_credential(certificate: Any, *, verification_url: str) -> dict:
    """The credential document of `certificate` (no proof in this placeholder)."""
    return {
        "@context": CONTEXTS,
        "id": verification_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"type": ["Profile"], "name": certificate.provider_name or certificate.provider_name_ar},
        "validFrom": certificate.issued_at.isoformat(),
        "name": certificate.course_name_fr or certificate.course_name_ar,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.holder_name_latin or certificate.holder_name_ar,
            "achievement": {
                "type": ["Achievement"],
                "id": f"{verification_url}#achievement",
                "name": certificate.course_name_fr or certificate.course_name_ar,
                "criteria": {"narrative": f"{certificate.hours} h"},
            },
            "result": [{"type": ["Result"], "value": certificate.result}],
        },
        "identifier": [
            {"type": "IdentifierEntry", "identifierType": "identifier", "identifier": certificate.number}
        ],
    }


def verify_credential(document: dict) -> CredentialCheck:
    """Valid when the document is the one on record for its number, unrevoked. (The
    signed version checks the proof offline instead.)"""
    from django.utils.translation import gettext as _

    from .queries import certificate_by_number

    try:
        number = document["identifier"][0]["identifier"]
    except (KeyError, IndexError, TypeError):
        return CredentialCheck(False, [_("The document is not a certificate credential.")])
    certificate = certificate_by_number(str(number))
    if certificate is None:
        return CredentialCheck(False, [_("No certificate has this number.")], None)
    reasons = []
    if certificate.credential != document:
        reasons.append(_("The document differs from the certificate issued."))
    if certificate.is_revoked:
        reasons.append(_("The certificate was revoked."))
    return CredentialCheck(not reasons, reasons, certificate.number)
