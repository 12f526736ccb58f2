"""Rowad settings.

Every setting that differs between a laptop and production comes from an environment
variable; when it is unset the embedded default applies (SQLite in var/, database task
queue, local-memory cache, files in var/media/).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ROWAD_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("ROWAD_PRODUCTION"):
        raise RuntimeError("DJANGO_SECRET_KEY must be set in production")
    SECRET_KEY = "dev-only-insecure-key-change-me-" + "x" * 32
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

ROWAD_APPS = [
    "rowad.core",
    "rowad.accounts",
    "rowad.partners",
    "rowad.people",
    "rowad.messaging",
    "rowad.outreach",
    "rowad.dossiers",
    "rowad.committees",
    "rowad.imports",
    "rowad.training",
    "rowad.financing",
    "rowad.enterprises",
    "rowad.market",
    "rowad.figures",
    "rowad.protection",
    "rowad.portal",
]

# Called with the ids of people whose registry record changed (people.services), so the
# areas built on people recompute what they derive from it.
ROWAD_PERSON_CHANGE_HANDLERS = ["rowad.dossiers.services.refresh_eligibility_for_people"]

INSTALLED_APPS = [
    *ROWAD_APPS,
    "rowad.shell",  # above every app: the home page and the main menu (no models, no API)
    "rowad.accounts.admin_apps.RowadAdminConfig",  # django.contrib.admin, audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",  # API tokens: hashed, expiring, revocable (model accounts.ApiToken)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rowad.core.middleware.IdleSessionMiddleware",
    "rowad.core.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "rowad.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "rowad.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rowad.urls"
WSGI_APPLICATION = "rowad.wsgi.application"
ASGI_APPLICATION = "rowad.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "rowad" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rowad.shell.context_processors.navigation",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'rowad.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the task worker read while the web process writes; IMMEDIATE avoids
        # "database is locked" upgrades in the middle of a transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA cache_size=-65536;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("ROWAD_TEST_SQLITE_NAME") or None}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles each grouped figure query for longer than the query runs
    # (12.7 s against 1.5 s measured, docs/benchmarks.md): the web's queries are short.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rowad"}}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("ROWAD_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Files ----------------------------------------------------------------------------
MEDIA_ROOT = Path(os.environ.get("ROWAD_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: documents go through permission-checked views
PRIVATE_MEDIA_ROOT = Path(os.environ.get("ROWAD_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ROWAD_STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("ROWAD_PRODUCTION")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Static files are served by WhiteNoise (runserver included, since DEBUG is off by default);
# outside production it reads them straight from the apps, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = not env_bool("ROWAD_PRODUCTION")
WHITENOISE_AUTOREFRESH = not env_bool("ROWAD_PRODUCTION")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Large enough that an absurd value (10 MB of Arabic text in a name, ~30 MB once
# percent-encoded) reaches the form and gets a message on
# its field; anything larger gets the translated 400 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = 32 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Accounts and security ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "shell:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling: 5 failures for one username from one address locks it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("ROWAD_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "rowad.core.net.axes_client_ip"

# The reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks,
# comma-separated); empty: REMOTE_ADDR is the client (rowad.core.net.client_address).
ROWAD_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("ROWAD_TRUSTED_PROXIES", "").split(",") if p.strip()
]

# Staff second factor (django-otp: TOTP app + one-time backup codes), required for the
# roles that can export or erase personal data (rowad.accounts.second_factor). On by
# default in production; the demo and the tests turn it on where they check it.
ROWAD_REQUIRE_SECOND_FACTOR = env_bool("ROWAD_REQUIRE_SECOND_FACTOR", env_bool("ROWAD_PRODUCTION"))
OTP_TOTP_ISSUER = os.environ.get("ROWAD_OTP_ISSUER", "Rowad")
OTP_TOTP_THROTTLE_FACTOR = 1  # 1 s, 2 s, 4 s... after each wrong code
OTP_STATIC_THROTTLE_FACTOR = 1

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10
# A logged-in session idle for longer ends (rowad.core.middleware.IdleSessionMiddleware;
# sliding: each request, written at most once a minute, restarts the count).
ROWAD_SESSION_IDLE_MINUTES = int(os.environ.get("ROWAD_SESSION_IDLE_MINUTES", "30"))
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if env_bool("ROWAD_PRODUCTION"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("ROWAD_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("ROWAD_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy: no inline script or style anywhere; every asset is vendored.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
        # The field app (docs/field-app.md): its service worker and web manifest.
        "worker-src": [SELF],
        "manifest-src": [SELF],
    }
}

# --- Internationalization -------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("ROWAD_LANGUAGE", "ar")
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "rowad" / "locale"]
LANGUAGE_COOKIE_NAME = "rowad_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("ROWAD_TIME_ZONE", "Africa/Algiers")
USE_I18N = True
USE_TZ = True

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: DRF names the first class in the 401 challenge
        # (WWW-Authenticate: Token); the session serves the pages' own fetches.
        "rowad.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rowad.core.api.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "rowad.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "1200/min", "self_registration": "10/hour"},
}
# API tokens (django-rest-knox, docs/api.md): hashed, expiring, one per device, revocable.
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model name, not a secret)
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=int(os.environ.get("ROWAD_API_TOKEN_HOURS", "10"))),
    "TOKEN_PREFIX": "rwd_",  # recognisable by secret scanners
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rowad API",
    "DESCRIPTION": "Youth self-employment programmes: registry, partners, outreach, dossiers, training, financing.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the vendored sidecar package: no CDN, and no inline script (CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents the error answers of rowad.core.api.exception_handler.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rowad.core.api.document_error_responses",
    ],
    # Choice sets whose field names other apps use too (state, kind, decision).
    "ENUM_NAME_OVERRIDES": {
        "DossierStateEnum": "rowad.dossiers.enums.DossierState",
        "EnterpriseLegalFormEnum": "rowad.enterprises.enums.LegalForm",
        "EnterpriseMemberRoleEnum": "rowad.enterprises.enums.MemberRole",
        "FinancingKindEnum": "rowad.dossiers.enums.FinancingKind",
        "FinancingPlanStateEnum": "rowad.financing.enums.PlanState",
        "LineDecisionEnum": "rowad.financing.enums.LineDecision",
        "PostedDecisionEnum": "rowad.financing.api.serializers.POSTED_DECISIONS",
        "ScheduleStateEnum": "rowad.financing.enums.ScheduleState",
        "ClosureReasonEnum": "rowad.enterprises.enums.ClosureReason",
        "LifeEventKindEnum": "rowad.enterprises.enums.LifeEventKind",
        "ObligationKindEnum": "rowad.enterprises.enums.ObligationKind",
        "MarketAllocationMethodEnum": "rowad.market.enums.AllocationMethod",
        "MarketOrderStatusEnum": "rowad.market.enums.OrderStatus",
        "MarketOfferStatusEnum": "rowad.market.enums.OfferStatus",
        "MarketContractStatusEnum": "rowad.market.enums.ContractStatus",
        "MarketMilestoneStatusEnum": "rowad.market.enums.MilestoneStatus",
        "MarketInvoiceStatusEnum": "rowad.market.enums.InvoiceStatus",
    },
}

# --- Notifications --------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("ROWAD_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("ROWAD_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ROWAD_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ROWAD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ROWAD_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ROWAD_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("ROWAD_FROM_EMAIL", "rowad@localhost")
ROWAD_SMS_BACKEND = os.environ.get("ROWAD_SMS_BACKEND", "rowad.core.sms.FileSMSBackend")
ROWAD_SMS_GATEWAY_URL = os.environ.get("ROWAD_SMS_GATEWAY_URL", "")
ROWAD_SMS_GATEWAY_TOKEN = os.environ.get("ROWAD_SMS_GATEWAY_TOKEN", "")
ROWAD_PUBLIC_BASE_URL = os.environ.get("ROWAD_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# Retention of personal data per category, in days (rowad.core.register.RETENTION_DEFAULTS
# holds the defaults; the processing register and the retention job read retention_days).
for _category in (
    "identity", "contact", "education", "sensitive", "project", "financial",
    "enterprise", "training", "messages", "consent", "photos", "account",
):  # fmt: skip
    _name = f"ROWAD_RETENTION_{_category.upper()}_DAYS"
    if os.environ.get(_name):
        globals()[_name] = int(os.environ[_name])
# The public figures page (figures:public) publishes no number below this (shown "< 10").
ROWAD_PUBLIC_FIGURES_MIN_CELL = int(os.environ.get("ROWAD_PUBLIC_FIGURES_MIN_CELL", "10"))
# The Ed25519 key that signs the certificates' verifiable credentials (training.credentials):
# PEM text or a path to a PEM file. Unset outside production: a development key is made on
# first use in var/credential-key.pem (0600). Unset in production: an error at first use.
ROWAD_CREDENTIAL_KEY = os.environ.get("ROWAD_CREDENTIAL_KEY", "")
ROWAD_CREDENTIAL_KEY_FILE = os.environ.get("ROWAD_CREDENTIAL_KEY_FILE", "")
ROWAD_CREDENTIAL_DEV_KEY = not env_bool("ROWAD_PRODUCTION")
ROWAD_CREDENTIAL_DEV_KEY_FILE = VAR_DIR / "credential-key.pem"

# Upload limits (bytes) for dossier documents and registry imports.
ROWAD_DOCUMENT_MAX_BYTES = int(os.environ.get("ROWAD_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024)))
ROWAD_IMPORT_MAX_BYTES = int(os.environ.get("ROWAD_IMPORT_MAX_BYTES", str(30 * 1024 * 1024)))
# Any uploaded ZIP container (XLSX, DOCX) is refused before it is opened when its declared
# content passes these (rowad/core/archives.py): total unpacked size, compression ratio
# (a spreadsheet compresses 5-30 times; a bomb hundreds), number of parts. Import rows are
# capped too (the command line included: raise it there for larger files).
ROWAD_UPLOAD_MAX_UNZIPPED_BYTES = int(
    os.environ.get("ROWAD_UPLOAD_MAX_UNZIPPED_BYTES", str(300 * 1024 * 1024))
)
ROWAD_UPLOAD_MAX_ZIP_RATIO = int(os.environ.get("ROWAD_UPLOAD_MAX_ZIP_RATIO", "100"))
ROWAD_UPLOAD_MAX_ZIP_MEMBERS = int(os.environ.get("ROWAD_UPLOAD_MAX_ZIP_MEMBERS", "1000"))
ROWAD_IMPORT_MAX_ROWS = int(os.environ.get("ROWAD_IMPORT_MAX_ROWS", "500000"))
# Duplicate detection: pairs scoring at least this (in bits) go to the review queue; pairs
# at or above the auto-merge score are merged without review (unset: never).
ROWAD_DEDUP_REVIEW_SCORE = float(os.environ.get("ROWAD_DEDUP_REVIEW_SCORE", "10"))
ROWAD_DEDUP_AUTO_MERGE_SCORE = (
    float(os.environ["ROWAD_DEDUP_AUTO_MERGE_SCORE"])
    if os.environ.get("ROWAD_DEDUP_AUTO_MERGE_SCORE")
    else None
)
# Training: how many resits a trainee may take in a module after failing it.
TRAINING_MAX_RESITS = int(os.environ.get("TRAINING_MAX_RESITS", "1"))
# Processes rendering a certificate run's PDFs (forked from the task worker; they read no
# database): by default the machine's cores, up to 4 (docs/benchmarks.md, "Training
# certificates": 6.6 certificates/s with one, 12.9/s with two on 2 cores).
ROWAD_CERTIFICATE_WORKERS = int(os.environ.get("ROWAD_CERTIFICATE_WORKERS", min(os.cpu_count() or 1, 4)))
# Financing: how many days before an instalment falls due its holders are reminded
# (manage.py send_financing_reminders, run daily; docs/financing-reminders.md).
ROWAD_REMINDER_DAYS_BEFORE = int(os.environ.get("ROWAD_REMINDER_DAYS_BEFORE", "5"))
# Enterprises: alert when an enterprise has had no visit for this many months; remind
# holders of a legal obligation this many days before it falls due
# (manage.py send_obligation_reminders, run daily; docs/enterprises.md).
ROWAD_VISIT_ALERT_MONTHS = int(os.environ.get("ROWAD_VISIT_ALERT_MONTHS", "6"))
ROWAD_OBLIGATION_REMINDER_DAYS = int(os.environ.get("ROWAD_OBLIGATION_REMINDER_DAYS", "15"))

# Data protection (docs/protection.md). Retention: days after a person's records ended
# (per outcome) before the retention job anonymises them; the processing register reads
# the same settings. Requests: the legal delay to answer each kind of request.
ROWAD_RETENTION_REGISTRATION_DAYS = int(os.environ.get("ROWAD_RETENTION_REGISTRATION_DAYS", "1095"))
ROWAD_RETENTION_REJECTED_DOSSIER_DAYS = int(os.environ.get("ROWAD_RETENTION_REJECTED_DOSSIER_DAYS", "1825"))
ROWAD_RETENTION_CLOSED_ENTERPRISE_DAYS = int(os.environ.get("ROWAD_RETENTION_CLOSED_ENTERPRISE_DAYS", "3650"))
ROWAD_RETENTION_INACTIVE_DAYS = int(os.environ.get("ROWAD_RETENTION_INACTIVE_DAYS", "1095"))
ROWAD_SUBJECT_REQUEST_ACCESS_DAYS = int(os.environ.get("ROWAD_SUBJECT_REQUEST_ACCESS_DAYS", "30"))
ROWAD_SUBJECT_REQUEST_RECTIFICATION_DAYS = int(
    os.environ.get("ROWAD_SUBJECT_REQUEST_RECTIFICATION_DAYS", "10")
)
ROWAD_SUBJECT_REQUEST_OBJECTION_DAYS = int(os.environ.get("ROWAD_SUBJECT_REQUEST_OBJECTION_DAYS", "30"))
ROWAD_SUBJECT_REQUEST_ERASURE_DAYS = int(os.environ.get("ROWAD_SUBJECT_REQUEST_ERASURE_DAYS", "30"))
# A request is "due soon" this many days before its due date (the officer's queue).
ROWAD_SUBJECT_REQUEST_DUE_SOON_DAYS = int(os.environ.get("ROWAD_SUBJECT_REQUEST_DUE_SOON_DAYS", "5"))

# Market: the share (%) of a public buyer's orders the procurement rules of each country
# reserve for micro-enterprises — Algeria: up to 20 % (presidential decree 15-247, art. 87);
# Morocco: 30 % for SMEs, cooperatives and auto-entrepreneurs (decree 2-22-431 of 2023,
# art. 140). The figures page compares the sponsor's share with it (docs/market.md).
ROWAD_MICRO_RESERVED_SHARE = {
    "DZ": int(os.environ.get("ROWAD_MICRO_RESERVED_SHARE_DZ", "20")),
    "MA": int(os.environ.get("ROWAD_MICRO_RESERVED_SHARE_MA", "30")),
}
# Market: the largest photo an execution report accepts (a phone's full-size picture);
# it is stored re-encoded at most ROWAD_PHOTO_MAX_SIDE pixels on its longer side.
ROWAD_PHOTO_MAX_BYTES = int(os.environ.get("ROWAD_PHOTO_MAX_BYTES", str(15 * 1024 * 1024)))
ROWAD_PHOTO_MAX_SIDE = int(os.environ.get("ROWAD_PHOTO_MAX_SIDE", "1600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ROWAD_LOG_LEVEL", "WARNING")},
}
