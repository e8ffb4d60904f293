"""Settings shared by every environment; everything that varies comes from the environment."""

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_admins(name: str) -> list[tuple[str, str]]:
    """``Name <a@example.org>, b@example.org`` as Django's ADMINS: (name, address) pairs."""
    pairs = getaddresses([os.environ.get(name, "")])
    return [(label or address, address) for label, address in pairs if "@" in address]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "accounts",
    "networks",
    "dashboard",
    "action_plans",
    "search",
    "events",
    "progress",
    "api",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "guardian",
    "django_tasks",
    "ninja",  # Swagger UI from its bundled static files (without it: from a CDN)
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.middleware.RejectNulBytesMiddleware",
    "core.middleware.RejectOverlongIdsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite is the zero-setup default; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The server and the task worker write to one file. Write-ahead logging lets readers and
    # the writer go on together, and a transaction takes the write lock when it begins, so it
    # waits its turn instead of failing at once with "database is locked" when it upgrades.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "accounts.throttle.LoginThrottleBackend",  # first: refuses a locked-out sign-in
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian's anonymous user would let object permissions leak to visitors; we never use it.
ANONYMOUS_USER_NAME = None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail: EMAIL_URL (smtp://user:password@host:587, smtp+tls://…, smtps://…) or the usual
# EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS/EMAIL_USE_SSL.
# With neither, mail goes to the console (development only: production refuses to start).
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT") or 10)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    SMTP_BACKEND if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
if os.environ.get("EMAIL_URL"):
    _mail = urlsplit(os.environ["EMAIL_URL"])
    if _mail.scheme not in ("smtp", "smtp+tls", "smtps", "smtp+ssl"):
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtp+tls:// or smtps://.")
    EMAIL_BACKEND = SMTP_BACKEND
    EMAIL_HOST = _mail.hostname or ""
    EMAIL_USE_TLS = _mail.scheme == "smtp+tls" or env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = _mail.scheme in ("smtps", "smtp+ssl")
    EMAIL_PORT = _mail.port or (465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@wego.example")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_ATTEMPTS = int(os.environ.get("EMAIL_ATTEMPTS") or 3)  # tries per message (core/mail.py)

# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT failures for one account, or from
# one address, sign-in is refused for LOGIN_LOCKOUT_MINUTES; password resets are limited per
# email and per address per hour. TRUSTED_PROXIES: how many proxies in front set
# X-Forwarded-For (0: the socket's address is the client's).
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES") or 0)
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT") or 5)
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES") or 15)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one alone locks
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"
AXES_VERBOSE = False
PASSWORD_RESET_LIMIT_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_EMAIL") or 3)
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS") or 10)
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.forms.QueuedPasswordResetForm"

WAGTAIL_SITE_NAME = "Regional Networks Portal"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents always go through Wagtail's view, where members-only events' materials are checked;
# never expose MEDIA_ROOT/documents directly.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "jsonl", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = False
# Wagtail 8's autosave is off: on a create form its first save creates the page behind the
# user's back, and a Publish clicked while that request is out creates it a second time ("the
# slug is already in use"), which a loaded server made routine. Leaving with unsaved changes
# still asks first.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# Nothing served loads from the internet: no Gravatar avatars in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Slow work (indexing and scoring, Wagtail's search index, mail) is queued in the database and
# run by `manage.py db_worker` (`make run` starts one beside the server); tests run tasks at once.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A monitoring round's reminders: the worker checks each open round every morning at this hour
# (TIME_ZONE) and emails the cities yet to report once the deadline is this many days away.
PORTAL_REMINDER_HOUR = int(os.environ.get("PORTAL_REMINDER_HOUR", "8"))
PORTAL_REMINDER_DAYS = int(os.environ.get("PORTAL_REMINDER_DAYS", "7"))

# Per-process memory in the embedded default; production shares the database cache (rate limits
# and cached insights then count across gunicorn workers).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The overlap engine: a module path naming the engine class, and where it finds its server.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "portal")
OVERLAP_ENGINE = os.environ.get(
    "OVERLAP_ENGINE",
    "search.engines.elasticsearch.ElasticsearchEngine"
    if ELASTICSEARCH_URL
    else "search.engines.embedded.EmbeddedEngine",
)
# The sentence-embedding function (texts -> L2-normalised rows); tests name a fast fake.
OVERLAP_EMBEDDER = "search.embedding.model_embeddings"

# The embedded engine scores a corpus of more than five times this many initiatives in two
# passes: every initiative through the vectors' principal components, then this many in full.
OVERLAP_SHORTLIST = int(os.environ.get("OVERLAP_SHORTLIST", "2000"))

# A pair model retrained from the network's decisions (manage.py train_overlap_model); until
# one exists, the model shipped with the code (search/overlap_model.json) is used.
OVERLAP_MODEL_PATH = os.environ.get(
    "OVERLAP_MODEL_PATH", str(BASE_DIR / "var" / "overlap_model.json")
)

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "wego-demo-2026")

# Errors (a 500, a failed task, the API's database outage) always go to the log on stderr; with
# PORTAL_ADMINS="Name <a@example.org>, b@example.org" and DEBUG off they are also mailed there.
ADMINS = env_admins("PORTAL_ADMINS")
EMAIL_SUBJECT_PREFIX = "[Regional Networks Portal] "
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},  # stderr
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {
        "handlers": ["console", "mail_admins"],
        "level": LOG_LEVEL,
    },
    # Django's default handlers here print only with DEBUG on and would mail a second time.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
