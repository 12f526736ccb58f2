"""Training pages: signed credentials (the issuer's public key)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from rowad.training.credentials import issuer_did_document


@require_GET
@cache_control(public=True, max_age=3600)
def issuer_key(request: HttpRequest) -> JsonResponse:
    """Public: the issuer's DID document (did:key, its Ed25519 key as a Multikey). A verifier
    needs nothing online (the key is inside the did:key); this page lets anyone compare a
    credential's signing key with this agency's."""
    return JsonResponse(issuer_did_document(), json_dumps_params={"indent": 2})
