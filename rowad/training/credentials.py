"""Certificates as signed Open Badges 3.0 / W3C Verifiable Credentials.

The credential is an `OpenBadgeCredential` (VC Data Model 2.0 + Open Badges 3.0.3 contexts)
carrying an embedded W3C Data Integrity proof of cryptosuite `eddsa-rdfc-2022` (Ed25519 over
the RDF Dataset Canonicalization of the document): the proof format Open Badges 3.0 names for
embedded proofs. The verification method is a `did:key`, so a verifier needs nothing online:
the public key is inside the identifier. The JSON-LD contexts are bundled in `contexts/` and
loaded by a local document loader; any other context URL is refused (no network, ever).

The issuer key is an Ed25519 private key from the environment (`ROWAD_CREDENTIAL_KEY`, PEM
text, or `ROWAD_CREDENTIAL_KEY_FILE`, a path); outside production a development key is made on
first use in `var/credential-key.pem` (mode 0600). See docs/training.md, "Signed credentials".
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from pyld import jsonld

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"

_CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
BUNDLED_CONTEXTS: dict[str, Path] = {
    VC_V2_CONTEXT: _CONTEXTS_DIR / "credentials-v2.jsonld",
    OB_V3_CONTEXT: _CONTEXTS_DIR / "ob-v3p0-context-3.0.3.jsonld",
}

CERTIFICATE_NUMBER_RE = re.compile(r"RWD-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")

# --- base58btc and multibase/multicodec ---------------------------------------------------

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {char: i for i, char in enumerate(_B58_ALPHABET)}
# Multicodec prefixes (unsigned varints): ed25519-pub 0xed, ed25519-priv 0x1300.
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, remainder = divmod(number, 58)
        out.append(_B58_ALPHABET[remainder])
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    """Raises ValueError on a character outside the base58btc alphabet."""
    number = 0
    for char in text:
        if char not in _B58_INDEX:
            raise ValueError(f"not base58btc: {char!r}")
        number = number * 58 + _B58_INDEX[char]
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    leading_zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * leading_zeros + body


def multibase_decode(value: str) -> bytes:
    """base58btc multibase (`z…`) only; raises ValueError otherwise."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise ValueError("not a base58btc multibase value")
    return b58decode(value[1:])


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + b58encode(ED25519_PUB_PREFIX + raw)


def did_key(public_key: Ed25519PublicKey) -> str:
    """`did:key:z6Mk…`: the did:key of an Ed25519 public key."""
    return f"did:key:{public_key_multibase(public_key)}"


def verification_method_id(public_key: Ed25519PublicKey) -> str:
    multibase = public_key_multibase(public_key)
    return f"did:key:{multibase}#{multibase}"


def public_key_from_did_key(did: str) -> Ed25519PublicKey:
    """The Ed25519 key inside a `did:key` (with or without its fragment); ValueError if it is
    not one, or if the fragment names another key."""
    if not isinstance(did, str) or not did.startswith("did:key:"):
        raise ValueError("not a did:key")
    identifier, _sep, fragment = did[len("did:key:") :].partition("#")
    if fragment and fragment != identifier:
        raise ValueError("the fragment is not the did:key's own key")
    decoded = multibase_decode(identifier)
    if not decoded.startswith(ED25519_PUB_PREFIX) or len(decoded) != 34:
        raise ValueError("not an Ed25519 did:key")
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    """An Ed25519 private key in multibase/multicodec form (as in the W3C test vectors)."""
    decoded = multibase_decode(value)
    if not decoded.startswith(ED25519_PRIV_PREFIX) or len(decoded) != 34:
        raise ValueError("not an Ed25519 private key")
    return Ed25519PrivateKey.from_private_bytes(decoded[2:])


# --- the issuer key ---------------------------------------------------------------------------

_key_lock = threading.Lock()
_key_cache: dict[tuple, Ed25519PrivateKey] = {}


def _load_pem(data: bytes, origin: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"{origin}: not a PEM private key without password ({error})") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{origin}: the credential key must be an Ed25519 key")
    return key


def _dev_key(path: Path) -> Ed25519PrivateKey:
    """The development key in `path`, made (mode 0600) on first use."""
    if path.exists():
        return _load_pem(path.read_bytes(), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return _load_pem(path.read_bytes(), str(path))
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return key


def issuer_private_key() -> Ed25519PrivateKey:
    """The agency's signing key (see the module docstring). In production a missing key is
    an ImproperlyConfigured error, never a generated one."""
    pem_text = getattr(settings, "ROWAD_CREDENTIAL_KEY", "")
    key_file = getattr(settings, "ROWAD_CREDENTIAL_KEY_FILE", "")
    dev_file = Path(
        getattr(settings, "ROWAD_CREDENTIAL_DEV_KEY_FILE", settings.VAR_DIR / "credential-key.pem")
    )
    allow_dev = getattr(settings, "ROWAD_CREDENTIAL_DEV_KEY", True)
    cache_key = (pem_text, str(key_file), str(dev_file), allow_dev)
    with _key_lock:
        if cache_key in _key_cache:
            return _key_cache[cache_key]
        if pem_text:
            key = _load_pem(pem_text.encode(), "ROWAD_CREDENTIAL_KEY")
        elif key_file:
            try:
                data = Path(key_file).read_bytes()
            except OSError as error:
                raise ImproperlyConfigured(f"ROWAD_CREDENTIAL_KEY_FILE: {error}") from error
            key = _load_pem(data, "ROWAD_CREDENTIAL_KEY_FILE")
        elif allow_dev:
            key = _dev_key(dev_file)
        else:
            raise ImproperlyConfigured(
                "ROWAD_CREDENTIAL_KEY or ROWAD_CREDENTIAL_KEY_FILE must be set in production "
                "(the Ed25519 key that signs the certificates' credentials)"
            )
        _key_cache[cache_key] = key
        return key


def issuer_public_key() -> Ed25519PublicKey:
    return issuer_private_key().public_key()


def issuer_did() -> str:
    return did_key(issuer_public_key())


def issuer_did_document() -> dict[str, Any]:
    """The issuer's DID document (as a did:key resolver would make it), with the key as a
    Multikey: what the public `training:issuer_key` URL serves."""
    did = issuer_did()
    method_id = verification_method_id(issuer_public_key())
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {
                "id": method_id,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": public_key_multibase(issuer_public_key()),
            }
        ],
        "authentication": [method_id],
        "assertionMethod": [method_id],
    }


# --- canonicalization and the Data Integrity proof ------------------------------------------------


class ContextNotBundled(Exception):
    """A JSON-LD context URL that is not bundled: verification never goes online for it."""


_context_documents: dict[str, Any] = {}


def _bundled_document(url: str, extra: dict[str, Any] | None) -> Any:
    if extra and url in extra:
        return extra[url]
    if url not in BUNDLED_CONTEXTS:
        raise ContextNotBundled(url)
    if url not in _context_documents:
        _context_documents[url] = json.loads(BUNDLED_CONTEXTS[url].read_text(encoding="utf-8"))
    return _context_documents[url]


def _document_loader(extra: dict[str, Any] | None = None):
    def load(url: str, options: dict | None = None) -> dict[str, Any]:
        return {"contextUrl": None, "documentUrl": url, "document": _bundled_document(url, extra)}

    return load


def canonicalize(document: dict[str, Any], *, contexts: dict[str, Any] | None = None) -> str:
    """RDF Dataset Canonicalization (RDFC-1.0, formerly URDNA2015) of a JSON-LD document, as
    N-Quads, with the bundled contexts only (plus `contexts`, URL → document, for tests)."""
    return jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": _document_loader(contexts),
        },
    )


def _hash_data(unsecured: dict[str, Any], proof_config: dict[str, Any], contexts: dict | None) -> bytes:
    document_hash = hashlib.sha256(canonicalize(unsecured, contexts=contexts).encode()).digest()
    proof_hash = hashlib.sha256(canonicalize(proof_config, contexts=contexts).encode()).digest()
    return proof_hash + document_hash


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_proof(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime.datetime | str,
    contexts: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A copy of `document` with an embedded `eddsa-rdfc-2022` DataIntegrityProof (W3C
    vc-di-eddsa, "Add Proof")."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created if isinstance(created, str) else _timestamp(created),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    proof_config = {**proof, "@context": unsecured["@context"]}
    signature = private_key.sign(_hash_data(unsecured, proof_config, contexts))
    proof["proofValue"] = "z" + b58encode(signature)
    return {**copy.deepcopy(unsecured), "proof": proof}


# --- the OpenBadgeCredential of a certificate ----------------------------------------------


def _text(*values: str) -> str:
    return next((value for value in values if value), "")


def issue_credential(certificate, *, verification_url: str) -> dict[str, Any]:
    """The signed OpenBadgeCredential of `certificate`, from its snapshot fields (what it
    states as issued) and its course's wording. `verification_url` (the public page of this
    certificate, carrying its number) is the credential's id."""
    course = certificate.enrolment.cohort.course
    operator = course.programme.operator
    key = issuer_private_key()
    did = did_key(key.public_key())
    achievement_id = f"urn:rowad:course:{course.code}"
    result_id = f"{achievement_id}#result"
    holder_names = [name for name in (certificate.holder_name_latin, certificate.holder_name_ar) if name]
    course_name = _text(certificate.course_name_fr, certificate.course_name_ar)
    criteria = "\n\n".join(text for text in (course.certificate_text_fr, course.certificate_text_ar) if text)
    description = " — ".join(
        part
        for part in (
            certificate.course_name_ar,
            certificate.provider_name,
            f"{certificate.hours} h",
            f"{certificate.starts_on.isoformat()} / {certificate.ends_on.isoformat()}",
        )
        if part
    )
    issuer: dict[str, Any] = {
        "id": did,
        "type": ["Profile"],
        "name": _text(operator.name_fr, operator.name_ar, operator.name_en),
    }
    if operator.website:
        issuer["url"] = operator.website
    if operator.email:
        issuer["email"] = operator.email
    status = "Completed" if certificate.result == "passed" else "Failed"
    credential = {
        "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
        "id": verification_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{course_name} — {certificate.number}",
        "issuer": issuer,
        "validFrom": _timestamp(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": holder_names[0] if holder_names else "",
            "identifier": [
                {"type": "IdentityObject", "identityHash": name, "identityType": "name", "hashed": False}
                for name in holder_names
            ],
            "activityStartDate": f"{certificate.starts_on.isoformat()}T00:00:00Z",
            "activityEndDate": f"{certificate.ends_on.isoformat()}T00:00:00Z",
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": course_name,
                "description": description,
                "criteria": {"narrative": criteria or course_name},
                "inLanguage": "fr",
                "resultDescription": [
                    {
                        "id": result_id,
                        "type": ["ResultDescription"],
                        "name": "Result",
                        "resultType": "Status",
                    }
                ],
            },
            "result": [{"type": ["Result"], "resultDescription": result_id, "status": status}],
        },
    }
    return add_proof(
        credential, private_key=key, verification_method=f"{did}#{did[8:]}", created=timezone.now()
    )


# --- verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class CredentialCheck:
    valid: bool
    reasons: list[str] = field(default_factory=list)
    number: str | None = None


class _Invalid(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _parse_time(value: Any) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _number_of(document: dict[str, Any]) -> str | None:
    for value in (document.get("id"), document.get("name")):
        if isinstance(value, str) and (match := CERTIFICATE_NUMBER_RE.search(value)):
            return match.group(0)
    return None


def _issuer_id(document: dict[str, Any]) -> Any:
    issuer = document.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _check_shape(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise _Invalid(_("This is not a credential: a JSON object was expected."))
    contexts = document.get("@context")
    if not isinstance(contexts, list) or not contexts or contexts[0] != VC_V2_CONTEXT:
        raise _Invalid(
            _("This is not a W3C verifiable credential: its first @context must be %(url)s.")
            % {"url": VC_V2_CONTEXT}
        )
    types = document.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        raise _Invalid(_("This is not a verifiable credential: its type lacks VerifiableCredential."))
    if "proof" not in document:
        raise _Invalid(_("The credential is not signed: it has no proof."))
    proof = document["proof"]
    if isinstance(proof, list):
        if len(proof) != 1:
            raise _Invalid(_("The credential carries several proofs; only one is supported."))
        proof = proof[0]
    if not isinstance(proof, dict):
        raise _Invalid(_("The credential's proof is malformed."))
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise _Invalid(
            _("Unsupported proof: only a %(type)s of cryptosuite %(suite)s can be checked.")
            % {"type": PROOF_TYPE, "suite": CRYPTOSUITE}
        )
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        raise _Invalid(_("The proof's purpose is not assertionMethod: it does not vouch for a credential."))
    if "@context" in proof and proof["@context"] != contexts:
        raise _Invalid(_("The proof's @context differs from the credential's."))
    return proof


def _check_signature(document: dict[str, Any], proof: dict[str, Any], contexts: dict | None) -> str:
    """Checks the proof's signature; returns the signer's DID."""
    method = proof.get("verificationMethod")
    try:
        public_key = public_key_from_did_key(method)
    except (ValueError, TypeError):
        raise _Invalid(
            _("The signing key (%(method)s) is not a did:key: it cannot be checked offline.")
            % {"method": str(method)[:200]}
        ) from None
    signer = str(method).partition("#")[0]
    if _issuer_id(document) != signer:
        raise _Invalid(_("The issuer named in the credential is not the key that signed it."))
    try:
        signature = multibase_decode(proof.get("proofValue"))
    except (ValueError, TypeError):
        signature = b""
    if len(signature) != 64:
        raise _Invalid(_("The proof's signature value is malformed."))
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    proof_config = {key: value for key, value in proof.items() if key != "proofValue"}
    proof_config["@context"] = unsecured["@context"]
    try:
        hash_data = _hash_data(unsecured, proof_config, contexts)
    except (jsonld.JsonLdError, ContextNotBundled) as error:
        missing = _missing_context(error)
        if missing:
            raise _Invalid(
                _("The credential uses a context that cannot be checked offline: %(url)s.")
                % {"url": missing[:200]}
            ) from None
        raise _Invalid(_("The credential is not valid JSON-LD: it cannot be canonicalized.")) from None
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
        raise _Invalid(_("The credential is not valid JSON-LD: it cannot be canonicalized.")) from None
    try:
        public_key.verify(signature, hash_data)
    except InvalidSignature:
        raise _Invalid(
            _(
                "The signature does not match the content: the credential was altered after it "
                "was signed, or it was not signed by the key it names."
            )
        ) from None
    return signer


def _missing_context(error: BaseException) -> str | None:
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, ContextNotBundled):
            return str(error)
        details = getattr(error, "details", None)
        cause = details.get("cause") if isinstance(details, dict) else None
        error = cause or error.__cause__ or error.__context__
    return None


def verify_credential(
    document: dict, *, any_issuer: bool = False, contexts: dict[str, Any] | None = None
) -> CredentialCheck:
    """Checks a credential offline: its shape, its `eddsa-rdfc-2022` proof over the canonical
    document (any alteration fails), that the issuer is the key that signed, its validity
    dates, and (unless `any_issuer`, a generic verifier's view) that the key is this agency's.
    Never raises on bad input: every failure is a reason, translated."""
    number = _number_of(document) if isinstance(document, dict) else None
    try:
        proof = _check_shape(document)
        signer = _check_signature(document, proof, contexts)
    except _Invalid as invalid:
        return CredentialCheck(valid=False, reasons=[invalid.reason], number=number)
    except Exception:
        return CredentialCheck(
            valid=False, reasons=[_("The credential is malformed: it cannot be checked.")], number=number
        )
    reasons = []
    now = timezone.now()
    valid_from = _parse_time(document.get("validFrom"))
    if valid_from is None:
        reasons.append(_("The credential's validFrom date is missing or malformed."))
    elif valid_from > now:
        reasons.append(_("The credential is not valid yet: its validFrom date is in the future."))
    if "validUntil" in document:
        valid_until = _parse_time(document.get("validUntil"))
        if valid_until is None or valid_until < now:
            reasons.append(_("The credential has expired (validUntil is past or malformed)."))
    created = _parse_time(proof.get("created"))
    if "created" in proof and (created is None or created > now + datetime.timedelta(minutes=5)):
        reasons.append(_("The proof's creation date is malformed or in the future."))
    if not any_issuer and signer != issuer_did():
        reasons.append(
            _(
                "The signature is valid but the key that signed (%(did)s) is not this agency's: unknown issuer."
            )
            % {"did": signer}
        )
    return CredentialCheck(valid=not reasons, reasons=reasons, number=number)
