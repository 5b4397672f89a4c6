"""dxtrack settings: one file, every deployment difference comes from an environment variable.

SQLite (WAL mode) under DXTRACK_DATA_DIR unless DATABASE_URL names another database.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from dxtrack.common.secret import secret_key


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.getenv("DXTRACK_DATA_DIR", BASE_DIR / "var"))

DEBUG = envbool("DEBUG", "False")
# From the environment, else a random key kept in DATA_DIR/secret_key; never a default
# (dxtrack.common.secret; the check dxtrack.E001 refuses a known or short one).
SECRET_KEY = secret_key(os.environ, DATA_DIR)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "dxtrack.common",
    "dxtrack.accounts",
    "dxtrack.audit",
    "dxtrack.orgunits",
    "dxtrack.programmes",
    "dxtrack.reporting",
    "dxtrack.figures",
    "dxtrack.dashboards",
    "dxtrack.explore",
    "dxtrack.demo",
    "dxtrack.feedback",
    "dxtrack.api",
    "dxtrack.operations",
    "dxtrack.dhis2",
    "dxtrack.enterprises",
    "dxtrack.reports",
    "ninja",  # django-ninja's bundled Swagger UI for /api/v1/docs (no CDN)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dxtrack.accounts.faults.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dxtrack.common.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dxtrack.accounts.request_roles.RequestRolesMiddleware",
    "dxtrack.common.caching.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "dxtrack.audit.middleware.DenialAuditMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "dashboards:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dxtrack.reporting.context_processors.notifications",
                "dxtrack.explore.context_processors.menu",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATA_DIR.mkdir(parents=True, exist_ok=True)
if os.getenv("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "dxtrack.sqlite3",
            # WAL lets the web process read while the worker writes; IMMEDIATE avoids
            # "database is locked" when a read transaction later wants to write.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks (Django Tasks API, database backend, `dxtrack db_worker`) ---------------
TASKS = {"default": {"BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Languages, dates and numbers -------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django's own Vietnamese formats lack input formats and thousands grouping: ours replace them.
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
# Off: with it on, Django groups every integer a template prints, ids and years included
# ("i1.186-value", "2.024"). Figures are grouped where they are shown, by the `figure` filter.
USE_THOUSAND_SEPARATOR = False
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("DXTRACK_MANIFEST_STATIC", "False")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not envbool("DXTRACK_MANIFEST_STATIC", "False")

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", "False") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Login throttling (django-axes): 5 failures lock a (username, IP address) pair for 15 minutes,
# so one commune office behind one address is not locked out for its other users.
AUTHENTICATION_BACKENDS = ["dxtrack.accounts.backends.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lockout page can say when it ends
AXES_LOCKOUT_CALLABLE = "dxtrack.accounts.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "dxtrack.audit.request_info.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # logins are in the audit log
AXES_VERBOSE = False
DXTRACK_BEHIND_PROXY = envbool("BEHIND_PROXY", "False")
# Roles whose holders must log in with a second factor (TOTP); staff and superusers always do.
DXTRACK_MFA_REQUIRED_ROLES = envlist("DXTRACK_MFA_REQUIRED_ROLES", "approver")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Mail -------------------------------------------------------------------------------------
EMAIL_HOST = os.getenv("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "dxtrack@localhost")

# --- Logging: to standard error, the process manager keeps it ----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

# --- dxtrack ----------------------------------------------------------------------------------
# The address people reach the site at; links in e-mails start with it.
DXTRACK_SITE_URL = os.getenv("DXTRACK_SITE_URL", "http://127.0.0.1:8000")
# One switch hides every synthetic sample value ("dữ liệu mẫu") from pages, reports and the API.
DXTRACK_SHOW_SYNTHETIC = envbool("DXTRACK_SHOW_SYNTHETIC", "True")
# Current figures from the aggregate store (decision 0017): "auto" once `dxtrack figures rebuild`
# has filled it, "on", "off"; "rebuild" (tests only) rebuilds it before every read, to run the
# hand-computed figure tests against the store.
DXTRACK_FIGURES_STORE = os.environ.get("DXTRACK_FIGURES_STORE", "auto")
# Programme figures cached per store version (decision 0026), in the "figures" cache below; off:
# always computed (the test suite's default, see conftest.py).
DXTRACK_FIGURES_CACHE = envbool("DXTRACK_FIGURES_CACHE", "True")
# Per process (LocMem): each request reads the store version from the database (one query), so
# the workers need no shared cache to agree on what is current. One entry per programme × area ×
# options × day (a newer version overwrites it), so the size stays bounded.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dxtrack-default"},
    "figures": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dxtrack-figures",
        "TIMEOUT": 24 * 3600, "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
# Sites allowed to embed the indicator charts (…/indicators/<code>/embed/): CSP frame-ancestors
# sources, comma-separated (e.g. "'self',https://binhduong.gov.vn"); every other page stays unframable.
DXTRACK_EMBED_FRAME_ANCESTORS = envlist("DXTRACK_EMBED_FRAME_ANCESTORS", "'self'")
# Values within this distance of 100 count as 100 for "100%" targets (DOMAIN.md).
DXTRACK_FULL_SHARE_TOLERANCE = os.getenv("DXTRACK_FULL_SHARE_TOLERANCE", "0.05")
# Task workers beat every HEARTBEAT seconds; a worker silent for STALE seconds is dead and its
# running task is marked failed (dxtrack.operations.heartbeat).
DXTRACK_WORKER_HEARTBEAT_SECONDS = float(os.getenv("DXTRACK_WORKER_HEARTBEAT_SECONDS", "10"))
DXTRACK_WORKER_STALE_SECONDS = float(os.getenv("DXTRACK_WORKER_STALE_SECONDS", "45"))

# Bootstrap names the error alert "danger": without this an error message shows unstyled.
from django.contrib.messages import constants as _message_levels  # noqa: E402

MESSAGE_TAGS = {_message_levels.ERROR: "danger"}
