"""Chancery's settings: one module, read from the environment through strict helpers."""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str | None = None) -> str | None:
    """A string from the environment, or from the file named by `NAME_FILE` (for secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (os.environ.get(name) or default).split(",") if item.strip()]


DEBUG = env_bool("CHANCERY_DEBUG", False)
# The demo (make run) creates demo users with a known password; never set it in production.
DEMO = env_bool("CHANCERY_DEMO", False)
TESTING = "pytest" in sys.modules

SECRET_KEY = env_str("CHANCERY_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or DEMO or TESTING:
        SECRET_KEY = "insecure-chancery-demo-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "CHANCERY_SECRET_KEY (or CHANCERY_SECRET_KEY_FILE) must be set outside the demo."
        )

ALLOWED_HOSTS = env_list("CHANCERY_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CHANCERY_CSRF_TRUSTED_ORIGINS")

# Personal identifiers at rest (see chancery/core/crypto.py): Fernet keys, newest first, and the
# key of the hash by which an identifier is found. The demo and the tests use fixed keys.
CHANCERY_FIELD_KEYS = env_list("CHANCERY_FIELD_KEYS")
CHANCERY_LOOKUP_KEY = env_str("CHANCERY_LOOKUP_KEY")
if not CHANCERY_FIELD_KEYS or not CHANCERY_LOOKUP_KEY:
    if DEBUG or DEMO or TESTING:
        CHANCERY_FIELD_KEYS = CHANCERY_FIELD_KEYS or [
            "ZGVtby1vbmx5LWZpZWxkLWtleS1uZXZlci1pbi1wcm8="
        ]
        CHANCERY_LOOKUP_KEY = CHANCERY_LOOKUP_KEY or "demo-only-lookup-key-never-in-production"
    else:
        raise ImproperlyConfigured(
            "CHANCERY_FIELD_KEYS and CHANCERY_LOOKUP_KEY must be set outside the demo."
        )
# how long after its end a registration abroad is kept before `chancery purge-registrations`
CHANCERY_REGISTRATION_RETENTION_DAYS = env_int("CHANCERY_REGISTRATION_RETENTION_DAYS", 90)
# how many registrations (and wrong update links) one client address may submit on the public
# page in the window, counted in the database (chancery/consular/self_registration.py)
CHANCERY_SELF_REGISTRATION_LIMIT = env_int("CHANCERY_SELF_REGISTRATION_LIMIT", 5)
CHANCERY_SELF_REGISTRATION_WINDOW_SECONDS = env_int(
    "CHANCERY_SELF_REGISTRATION_WINDOW_SECONDS", 3600
)
# how many reverse proxies in front of Chancery append the client's address to X-Forwarded-For;
# 0 (direct) takes the connection's address, as a client can forge the header
CHANCERY_TRUSTED_PROXIES = env_int("CHANCERY_TRUSTED_PROXIES", 0)

CHANCERY_HOME_STATE = (env_str("CHANCERY_HOME_STATE", "AZ") or "AZ").upper()
# the first year of the charts of records over the years (the home state's independence)
CHANCERY_CHARTS_SINCE = env_int("CHANCERY_CHARTS_SINCE", 1991)
CHANCERY_DEMO_PASSWORD = env_str("CHANCERY_DEMO_PASSWORD", "chancery")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "auditlog",
    "csp",
    "django_tasks",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "chancery.core",
    "chancery.accounts",
    "chancery.strategy",
    "chancery.documents",
    "chancery.reference",
    "chancery.multilateral",
    "chancery.bilateral",
    "chancery.economy",
    "chancery.conflict",
    "chancery.consular",
    "chancery.diaspora",
]
if TESTING:
    INSTALLED_APPS.append("chancery.core.tests.testapp")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chancery.accounts.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chancery.core.languages.UserLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "chancery.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # last, so that it turns a refused log-in into the lock-out page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chancery.urls"
WSGI_APPLICATION = "chancery.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "chancery.core.context_processors.navigation",
            ],
        },
    },
]
# every form's fields drawn with Bootstrap's classes
FORM_RENDERER = "chancery.core.forms.StyledRenderer"

DATA_DIR = Path(env_str("CHANCERY_DATA_DIR", str(PROJECT_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'chancery.sqlite3'}",
        # a connection kept for a minute, checked before reuse: a new one per request costs
        # PostgreSQL a process and TLS set-up each time
        conn_max_age=env_int("CHANCERY_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the large queries of the priority counts and the desk rule for
    # a hundred times longer than they run (110 s instead of 1 s for the home page); Chancery's
    # queries are short, so it is off for every connection.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out user before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "chancery.accounts.backends.PermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("CHANCERY_PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A second factor (TOTP, with recovery codes) for every user cleared for restricted records and
# above (chancery/accounts/middleware.py). Off in the demo, so that a newcomer can log in, and under
# the tests, which turn it on where they test it; the log-in page says when it is off.
CHANCERY_REQUIRE_2FA = env_bool("CHANCERY_REQUIRE_2FA", not (DEBUG or DEMO or TESTING))
OTP_TOTP_ISSUER = env_str("CHANCERY_OTP_ISSUER", "Chancery")
CHANCERY_RECOVERY_CODES = 10

# Log-in throttling (django-axes): after so many failures for one user name from one address, the
# pair is locked out for the cool-off time.
AXES_FAILURE_LIMIT = env_int("CHANCERY_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CHANCERY_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "chancery.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "chancery.accounts.lockout.lockout_response"
AXES_VERBOSE = False

# API tokens (chancery/accounts/tokens.py): how long one lives unless its owner says otherwise,
# and at most.
CHANCERY_TOKEN_DEFAULT_DAYS = env_int("CHANCERY_TOKEN_DEFAULT_DAYS", 90)
CHANCERY_TOKEN_MAX_DAYS = env_int("CHANCERY_TOKEN_MAX_DAYS", 365)
# the records an export reads, names and logs at a time: its memory does not grow past them
CHANCERY_EXPORT_CHUNK_SIZE = env_int("CHANCERY_EXPORT_CHUNK_SIZE", 2000)

# The largest file a record may receive (a document's file, a piece of evidence), in megabytes:
# a larger one is refused with a message and nothing is stored (chancery/core/uploads.py).
CHANCERY_MAX_UPLOAD_MB = env_int("CHANCERY_MAX_UPLOAD_MB", 50)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("az", _("Azerbaijani")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# dates as each language writes them, never month first (chancery/formats)
FORMAT_MODULE_PATH = ["chancery.formats"]
TIME_ZONE = env_str("CHANCERY_TIME_ZONE", "Asia/Baku")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Without collectstatic (development, tests), whitenoise serves from the apps' static folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Cookies: HTTP-only, same-site, secure outside the demo; a session ends after
# CHANCERY_SESSION_MINUTES without a request (every request pushes the end back, written at most
# once a minute: chancery/accounts/sessions.py).
PRODUCTION = not (DEBUG or DEMO or TESTING)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("CHANCERY_SECURE_COOKIES", not (DEBUG or DEMO))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("CHANCERY_SESSION_MINUTES", 30) * 60
SESSION_ENGINE = "chancery.accounts.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("CHANCERY_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("CHANCERY_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CHANCERY_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("CHANCERY_HSTS_PRELOAD", PRODUCTION)
# Behind a TLS-terminating proxy: the header it sets and the value meaning HTTPS, e.g.
# CHANCERY_PROXY_SSL_HEADER=X-Forwarded-Proto:https. Set it only if the proxy always sets or
# strips that header, or a client could claim HTTPS.
_proxy_ssl_header = env_str("CHANCERY_PROXY_SSL_HEADER", "")
if _proxy_ssl_header:
    _header, _, _value = _proxy_ssl_header.partition(":")
    if not _value.strip():
        raise ImproperlyConfigured(
            "CHANCERY_PROXY_SSL_HEADER must be HEADER:VALUE, e.g. X-Forwarded-Proto:https"
        )
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _header.strip().upper().replace("-", "_"),
        _value.strip(),
    )

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # the token first: its scheme is what a 401 names (WWW-Authenticate: Token)
        "chancery.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["chancery.core.permissions.RecordPermission"],
    "DEFAULT_PARSER_CLASSES": [
        "chancery.core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "chancery.core.paging.RecordPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "chancery.core.openapi.RecordAutoSchema",
    "EXCEPTION_HANDLER": "chancery.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chancery API",
    "DESCRIPTION": "The records of the foreign ministry, as each user is allowed to see them.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "chancery.core.models.DatePrecision",
        "ClassificationEnum": "chancery.core.models.Classification",
        "RelationStatusEnum": "chancery.bilateral.models.relations.DiplomaticRelation.Status",
        "EconomyKindEnum": "chancery.economy.models.projects.Kind",
    },
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# Background work goes through the Django tasks interface; the immediate backend runs it in
# process, a worker backend can replace it without a change to the code that enqueues.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "CHANCERY_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

EMAIL_BACKEND = env_str(
    "CHANCERY_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("CHANCERY_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("CHANCERY_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("CHANCERY_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("CHANCERY_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("CHANCERY_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("CHANCERY_FROM_EMAIL", "chancery@localhost")

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CHANCERY_LOG_LEVEL", "INFO")},
}
