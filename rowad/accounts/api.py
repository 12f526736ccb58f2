"""REST endpoints of the accounts app: API tokens (django-rest-knox, docs/api.md).

- POST /api/auth/token/        username + password (+ device label) -> a new token;
- POST /api/auth/logout/       revokes the token that authenticates the request;
- POST /api/auth/logout-all/   revokes every token of the user;
- GET  /api/auth/tokens/       the user's own live tokens (never the secret);
- DELETE /api/auth/tokens/<id>/ revokes one of them."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.views import APIView

from rowad.core.errors import DomainError

from . import queries, second_factor, services
from .authentication import ApiTokenAuthentication
from .models import ApiToken


class TokenRequestSerializer(AuthTokenSerializer):
    label = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="The device, to recognise the token."
    )
    otp = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="For staff who need a second factor: the authenticator app's code or a backup code.",
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if second_factor.needs_second_factor(attrs["user"]):
            try:
                second_factor.check_api_code(attrs["user"], attrs.get("otp", ""))
            except DomainError as exc:
                raise serializers.ValidationError({"otp": [exc.message]}, code=exc.code) from exc
        return attrs


class IssuedTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    token = serializers.CharField(help_text="The secret, shown this once: send it as 'Token <secret>'.")
    expiry = serializers.DateTimeField()


class ApiTokenSerializer(serializers.ModelSerializer):
    prefix = serializers.SerializerMethodField(help_text="The secret's first characters, to recognise it.")
    current = serializers.SerializerMethodField(help_text="The token of this request.")

    class Meta:
        model = ApiToken
        fields = ["id", "label", "prefix", "created", "expiry", "last_used_at", "current"]

    def get_prefix(self, token: ApiToken) -> str:
        return token.token_key[:8]

    def get_current(self, token: ApiToken) -> bool:
        auth = getattr(self.context.get("request"), "auth", None)
        return isinstance(auth, ApiToken) and auth.pk == token.pk


class ObtainTokenView(APIView):
    """A new token for a username and password (one per device; it expires)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []  # axes locks the username and address after failures

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: IssuedTokenSerializer, 400: OpenApiResponse(description="Wrong credentials.")},
        auth=[],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, secret = services.issue_api_token(
            serializer.validated_data["user"], label=serializer.validated_data.get("label", "")
        )
        return Response({"id": token.pk, "token": secret, "expiry": token.expiry})


class LogoutView(APIView):
    """Revoke the token that authenticates this request."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        services.revoke_api_token(request.auth, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """Revoke every token of the user (every device)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        services.revoke_api_tokens(request.user, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListView(generics.ListAPIView):
    """The user's own live tokens: when created, when they expire, when last used."""

    serializer_class = ApiTokenSerializer
    pagination_class = None

    def get_queryset(self):
        return queries.api_tokens_of(self.request.user)


class TokenRevokeView(generics.DestroyAPIView):
    """Revoke one of the user's own tokens (another user's token is a 404)."""

    serializer_class = ApiTokenSerializer

    def get_queryset(self):
        return queries.api_tokens_of(self.request.user)

    def perform_destroy(self, instance: ApiToken) -> None:
        services.revoke_api_token(instance, actor=self.request.user)


def register(router: BaseRouter) -> None:
    """The token endpoints are plain views (rowad.accounts.api_urls), not viewsets."""
