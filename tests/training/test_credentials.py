"""Signed Open Badges 3.0 / W3C verifiable credentials: signing, offline verification,
tampering, the issuer key, and the W3C test vectors (did:key, vc-di-eddsa eddsa-rdfc-2022)."""

from __future__ import annotations

import copy
import datetime
import io
import json
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rowad.training import credentials as creds
from rowad.training.credentials import issue_credential, verify_credential
from rowad.training.models import Certificate
from tests.training.factories import EnrolmentFactory

VERIFY_URL = "https://rowad.example/training/verify/{number}/"


@pytest.fixture(autouse=True)
def dev_key(settings, tmp_path):
    """Each test signs with its own development key, made in a temporary var/."""
    settings.ROWAD_CREDENTIAL_KEY = ""
    settings.ROWAD_CREDENTIAL_KEY_FILE = ""
    settings.ROWAD_CREDENTIAL_DEV_KEY = True
    settings.ROWAD_CREDENTIAL_DEV_KEY_FILE = tmp_path / "var" / "credential-key.pem"
    return settings.ROWAD_CREDENTIAL_DEV_KEY_FILE


def make_certificate(**fields) -> Certificate:
    enrolment = EnrolmentFactory(
        cohort__course__name_fr="Installation de fibre optique",
        cohort__course__programme__operator__name_fr="Agence de Oran",
        cohort__course__programme__operator__website="https://agence-oran.example",
    )
    values = {
        "enrolment": enrolment,
        "holder_name_ar": "سليم حمادي",
        "holder_name_latin": "Salim Hamadi",
        "course_name_ar": "تركيب الألياف البصرية",
        "course_name_fr": "Installation de fibre optique",
        "provider_name": "Agence de Oran",
        "starts_on": datetime.date(2026, 9, 1),
        "ends_on": datetime.date(2026, 10, 15),
        "hours": 270,
        "result": "passed",
        "issued_at": timezone.now() - datetime.timedelta(days=1),
    }
    values.update(fields)
    return Certificate.objects.create(**values)


def signed(certificate: Certificate) -> dict:
    return issue_credential(certificate, verification_url=VERIFY_URL.format(number=certificate.number))


def reasons_text(check) -> str:
    return " | ".join(check.reasons)


# --- issuing and verifying ---------------------------------------------------------------


@pytest.mark.integration
def test_credentials_signed_certificate_verifies(db):
    certificate = make_certificate()
    credential = signed(certificate)

    check = verify_credential(credential)

    assert check.valid, check.reasons
    assert check.reasons == []
    assert check.number == certificate.number


@pytest.mark.integration
def test_credentials_document_is_an_open_badge_of_the_certificate(db):
    certificate = make_certificate()
    credential = signed(certificate)

    assert credential["@context"] == [creds.VC_V2_CONTEXT, creds.OB_V3_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert certificate.number in credential["id"]
    assert credential["issuer"]["id"] == creds.issuer_did()
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["issuer"]["name"] == "Agence de Oran"
    assert credential["validFrom"] == certificate.issued_at.astimezone(datetime.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    subject = credential["credentialSubject"]
    assert subject["name"] == "Salim Hamadi"
    assert {item["identityHash"] for item in subject["identifier"]} == {"Salim Hamadi", "سليم حمادي"}
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "Certificate"
    assert achievement["name"] == "Installation de fibre optique"
    course = certificate.enrolment.cohort.course
    assert course.certificate_text_fr in achievement["criteria"]["narrative"]
    assert course.certificate_text_ar in achievement["criteria"]["narrative"]
    assert subject["result"][0]["status"] == "Completed"
    proof = credential["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["verificationMethod"] == creds.issuer_did() + "#" + creds.issuer_did()[len("did:key:") :]


@pytest.mark.integration
def test_credentials_round_trip_through_json_text(db):
    credential = signed(make_certificate())

    text = json.dumps(credential, ensure_ascii=False, indent=2)

    assert verify_credential(json.loads(text)).valid


@pytest.mark.integration
def test_credentials_key_order_does_not_matter(db):
    credential = signed(make_certificate())
    reordered = json.loads(json.dumps(credential, sort_keys=True))

    assert list(reordered) != list(credential)
    assert verify_credential(reordered).valid


# --- tampering and forgery --------------------------------------------------------------


@pytest.mark.integration
def test_credentials_altered_name_fails_and_says_altered(db):
    credential = signed(make_certificate())
    credential["credentialSubject"]["name"] = "Salim Hamadj"

    check = verify_credential(credential)

    assert not check.valid
    assert "altered" in reasons_text(check)


@pytest.mark.integration
@pytest.mark.parametrize(
    "change",
    [
        lambda c: c["credentialSubject"]["result"][0].update(status="Failed"),
        lambda c: c["credentialSubject"]["achievement"].update(name="Génie civil"),
        lambda c: c.update(validFrom="2020-01-01T00:00:00Z"),
        lambda c: c["proof"].update(created="2020-01-01T00:00:00Z"),
        lambda c: c.update(description="ajouté après signature"),
    ],
)
def test_credentials_any_alteration_fails(db, change):
    credential = signed(make_certificate())
    change(credential)

    check = verify_credential(credential)

    assert not check.valid
    assert "altered" in reasons_text(check)


@pytest.mark.integration
def test_credentials_without_proof_fails(db):
    credential = signed(make_certificate())
    del credential["proof"]

    check = verify_credential(credential)

    assert not check.valid
    assert "no proof" in reasons_text(check)


@pytest.mark.integration
def test_credentials_signed_by_another_key_is_an_unknown_issuer(db):
    credential = signed(make_certificate())
    forger = Ed25519PrivateKey.generate()
    forger_did = creds.did_key(forger.public_key())
    unsecured = {key: value for key, value in credential.items() if key != "proof"}
    unsecured["issuer"] = {**unsecured["issuer"], "id": forger_did}
    forged = creds.add_proof(
        unsecured,
        private_key=forger,
        verification_method=creds.verification_method_id(forger.public_key()),
        created=timezone.now(),
    )

    check = verify_credential(forged)

    assert not check.valid
    assert "unknown issuer" in reasons_text(check)
    # A generic verifier (any did:key) accepts the signature itself.
    assert verify_credential(forged, any_issuer=True).valid


@pytest.mark.integration
def test_credentials_other_key_claiming_the_agency_key_fails(db):
    credential = signed(make_certificate())
    forger = Ed25519PrivateKey.generate()
    unsecured = {key: value for key, value in credential.items() if key != "proof"}
    forged = creds.add_proof(
        unsecured,
        private_key=forger,
        verification_method=credential["proof"]["verificationMethod"],
        created=timezone.now(),
    )

    check = verify_credential(forged)

    assert not check.valid
    assert "altered" in reasons_text(check)


@pytest.mark.integration
def test_credentials_issuer_that_did_not_sign_fails(db):
    credential = signed(make_certificate())
    credential["issuer"]["id"] = creds.did_key(Ed25519PrivateKey.generate().public_key())

    check = verify_credential(credential)

    assert not check.valid
    assert "not the key that signed" in reasons_text(check)


@pytest.mark.integration
def test_credentials_valid_from_in_the_future_fails(db):
    certificate = make_certificate(issued_at=timezone.now() + datetime.timedelta(days=3))

    check = verify_credential(signed(certificate))

    assert not check.valid
    assert "not valid yet" in reasons_text(check)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c["proof"].update(type="Ed25519Signature2020"), "Unsupported proof"),
        (lambda c: c["proof"].update(cryptosuite="ecdsa-rdfc-2019"), "Unsupported proof"),
        (lambda c: c["proof"].update(proofPurpose="authentication"), "assertionMethod"),
        (lambda c: c["proof"].update(proofValue="not-multibase"), "malformed"),
        (lambda c: c["proof"].update(proofValue="z3yMNdH"), "malformed"),
        (lambda c: c["proof"].update(proofValue=12), "malformed"),
        (lambda c: c["proof"].update(verificationMethod="https://evil.example/key#1"), "did:key"),
        (lambda c: c["proof"].update(verificationMethod="did:key:zNotBase58!0OIl"), "did:key"),
        (lambda c: c.update(proof="a string"), "malformed"),
        (lambda c: c.update(proof=[]), "several proofs"),
        (lambda c: c.update({"@context": "https://www.w3.org/ns/credentials/v2"}), "@context"),
        (lambda c: c.update({"@context": [creds.VC_V2_CONTEXT, "https://evil.example/ctx"]}), "offline"),
        (lambda c: c.update(type="VerifiableCredential"), "VerifiableCredential"),
        (lambda c: c.update(validFrom="yesterday"), "altered"),
        (lambda c: c.update(credentialSubject={"@id": {"nested": 1}}), "JSON-LD"),
    ],
)
def test_credentials_malformed_shapes_give_a_reason_never_an_exception(db, change, expected):
    credential = signed(make_certificate())
    change(credential)

    check = verify_credential(credential)

    assert not check.valid
    assert expected in reasons_text(check)


@pytest.mark.unit
@pytest.mark.parametrize("document", [None, [], "text", 42, {}, {"proof": {}}, {"@context": [None]}])
def test_credentials_not_a_credential_gives_a_reason(document, settings):
    check = verify_credential(document)

    assert not check.valid
    assert len(check.reasons) == 1
    assert check.number is None


# --- the issuer key -------------------------------------------------------------------------


@pytest.mark.unit
def test_credentials_dev_key_is_created_0600_and_reused(dev_key):
    assert not dev_key.exists()

    first = creds.issuer_did()

    assert dev_key.exists()
    assert stat.S_IMODE(dev_key.stat().st_mode) == 0o600
    creds._key_cache.clear()
    assert creds.issuer_did() == first


@pytest.mark.unit
def test_credentials_production_without_key_is_an_error(settings, dev_key):
    settings.ROWAD_CREDENTIAL_DEV_KEY = False

    with pytest.raises(ImproperlyConfigured, match="ROWAD_CREDENTIAL_KEY"):
        creds.issuer_private_key()
    assert not dev_key.exists()


@pytest.mark.unit
def test_credentials_key_from_environment_pem_and_file(settings, tmp_path):
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    settings.ROWAD_CREDENTIAL_DEV_KEY = False
    settings.ROWAD_CREDENTIAL_KEY = pem.decode()
    assert creds.issuer_did() == creds.did_key(key.public_key())

    settings.ROWAD_CREDENTIAL_KEY = ""
    path = tmp_path / "issuer.pem"
    path.write_bytes(pem)
    settings.ROWAD_CREDENTIAL_KEY_FILE = str(path)
    assert creds.issuer_did() == creds.did_key(key.public_key())


@pytest.mark.unit
def test_credentials_key_that_is_not_ed25519_is_an_error(settings):
    from cryptography.hazmat.primitives.asymmetric import ec

    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    settings.ROWAD_CREDENTIAL_KEY = pem.decode()

    with pytest.raises(ImproperlyConfigured, match="Ed25519"):
        creds.issuer_private_key()


@pytest.mark.integration
def test_credentials_issuer_key_page_publishes_the_did_document(client):
    response = client.get(reverse("training:issuer_key"))

    assert response.status_code == 200
    document = response.json()
    assert document["id"] == creds.issuer_did()
    method = document["verificationMethod"][0]
    assert method["type"] == "Multikey"
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert document["assertionMethod"] == [method["id"]]


# --- the command ----------------------------------------------------------------------------


@pytest.mark.integration
def test_credentials_command_verifies_a_file(db, tmp_path):
    credential = signed(make_certificate())
    good = tmp_path / "good.json"
    good.write_text(json.dumps(credential), encoding="utf-8")
    bad_credential = copy.deepcopy(credential)
    bad_credential["credentialSubject"]["name"] = "Someone Else"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_credential), encoding="utf-8")

    out = io.StringIO()
    call_command("verify_credential", str(good), stdout=out)
    assert "VALID" in out.getvalue()

    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("verify_credential", str(bad), stdout=out)
    assert exited.value.code == 1
    assert "INVALID" in out.getvalue()
    assert "altered" in out.getvalue()


# --- standard test vectors -------------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("seed", "did", "public_key_base58"),
    [
        # w3c-ccg/did-method-key, test-vectors/ed25519-x25519.json
        (
            "00" * 32,
            "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
            "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS",
        ),
        (
            "00" * 31 + "01",
            "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG",
            "6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt",
        ),
    ],
)
def test_credentials_did_key_matches_the_spec_test_vectors(seed, did, public_key_base58):
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed))
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    assert creds.b58encode(raw) == public_key_base58
    assert creds.did_key(key.public_key()) == did
    assert (
        creds.public_key_from_did_key(f"{did}#{did[8:]}").public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        == raw
    )


# W3C "Data Integrity EdDSA Cryptosuites v1.0", eddsa-rdfc-2022 test vector (w3c/vc-di-eddsa,
# TestVectors/keyPair.json and TestVectors/eddsa-rdfc-2022/signedDataInt.json).
W3C_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
W3C_PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_EXAMPLES_CONTEXT = {
    "https://www.w3.org/ns/credentials/examples/v2": {
        "@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}
    }
}
W3C_UNSIGNED = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
W3C_PROOF_VALUE = "z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrVPE7CrQq78WkzctnMX5W4CrzcKnHw8V6dvy5pgWYCU5e9"


@pytest.mark.unit
def test_credentials_reproduce_the_w3c_eddsa_rdfc_2022_test_vector():
    key = creds.private_key_from_multibase(W3C_KEY)
    assert creds.public_key_multibase(key.public_key()) == W3C_PUBLIC_KEY

    secured = creds.add_proof(
        W3C_UNSIGNED,
        private_key=key,
        verification_method=f"https://vc.example/issuers/5678#{W3C_PUBLIC_KEY}",
        created="2023-02-24T23:36:38Z",
        contexts=W3C_EXAMPLES_CONTEXT,
    )

    assert secured["proof"]["proofValue"] == W3C_PROOF_VALUE


@pytest.mark.unit
def test_credentials_verify_a_credential_signed_elsewhere_with_a_did_key():
    """A credential signed by the W3C test key (not by Rowad) verifies for any-issuer
    verifiers: the proof value is the spec's; only the verification method is its did:key."""
    key = creds.private_key_from_multibase(W3C_KEY)
    did = f"did:key:{W3C_PUBLIC_KEY}"
    document = {**W3C_UNSIGNED, "issuer": did}
    secured = creds.add_proof(
        document,
        private_key=key,
        verification_method=f"{did}#{W3C_PUBLIC_KEY}",
        created="2023-02-24T23:36:38Z",
        contexts=W3C_EXAMPLES_CONTEXT,
    )

    assert verify_credential(secured, any_issuer=True, contexts=W3C_EXAMPLES_CONTEXT).valid
    # Without the examples context bundled, nothing is fetched: it says why.
    check = verify_credential(secured, any_issuer=True)
    assert not check.valid
    assert "offline" in reasons_text(check)
