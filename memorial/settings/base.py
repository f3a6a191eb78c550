"""Settings shared by every environment. Nothing secret lives here."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "home",
    "memorial.archive",
    "memorial.privacy",
    "memorial.opendata",
    "memorial.submissions",
    "memorial.remembrance",
    "memorial.accountability",
    "memorial.pagecache",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.locales",
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
    # Only for its templates and static files: the API's docs page serves Swagger UI from them, not a CDN.
    "ninja",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "memorial.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "memorial.sessions.SessionMiddleware",
    "memorial.middleware.LocaleMiddleware",
    # Right after the language is known: a cached anonymous page skips everything below (memorial/pagecache).
    "memorial.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "memorial.privacy.two_factor.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

# django-axes refuses locked-out logins first; ModelBackend checks passwords.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
# A lock holds one username from one client (nested: the pair, not either). Locking a username alone let anyone
# keep a moderator out; locking an address alone would lock out everyone behind a shared one (offices, mobile
# carriers). Guessing across many usernames from one address stays slow enough: each still has five tries an
# hour there, and a guessed password opens no admin page without the second factor.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Successful logins are not recorded, nor a log of failures: either would be a list of who came from where.
# What remains are the failure counters (address and browser included); axes deletes them at the first login
# attempt after the cool-off.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# A client is its connection's address; behind TRUSTED_PROXY_COUNT reverse proxies (production reads it from
# the environment), the address they forward, never a header the client wrote.
TRUSTED_PROXY_COUNT = 0
AXES_CLIENT_IP_CALLABLE = "memorial.client_ip.client_ip"
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "privacy/admin/locked_out.html"

# Admin sessions end after two hours without activity (saved once every few minutes of it: memorial/sessions.py),
# and with the browser.
SESSION_ENGINE = "memorial.sessions"
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_REFRESH_INTERVAL = 5 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
OTP_TOTP_ISSUER = "Memorial"

ROOT_URLCONF = "memorial.urls"
WSGI_APPLICATION = "memorial.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
            "libraries": {"site_chrome": "memorial.templatetags.site_chrome"},
        },
    },
]

# SQLite is the embedded default; production and the PostgreSQL test leg set DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Arabic first (the default, right-to-left), English beside it.
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", "العربية"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Anniversaries and "on this day" follow Syrian dates.
TIME_ZONE = "Asia/Damascus"

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Original uploads never sit in public media: only scrubbed renditions are served.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))

# Locations are strings, never Paths: Wagtail hands a storage's deconstructed arguments to a background task
# (as JSON) when it deletes a file; privacy.checks refuses anything that would not serialise.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "originals": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/private-media-is-never-served/"},
    },
    # Wagtail's renditions of originals are sharp: only the admin sees them, through a login-checked view.
    "renditions": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT / "renditions"), "base_url": "/admin/renditions/"},
    },
    # Partners' files uploaded for an admin import, until the import ends.
    "imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT / "imports"), "base_url": "/private-media-is-never-served/"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
WAGTAILIMAGES_IMAGE_FORM_BASE = "memorial.privacy.image_forms.ScrubbedImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# One cache for every process and every server on the database: a purge made by a management command, a task
# worker or another app server reaches them all at once. A migration creates its table (archive 0008).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "memorial_cache",
    },
    # Whole public pages for anonymous visitors and their surfaces' versions (memorial/pagecache/store.py), apart
    # from the small entries above so that pages never crowd them out. A migration creates the table (pagecache 0001).
    "pages": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "memorial_page_cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}
# The page cache serves anonymous visitors from CACHES["pages"]; MEMORIAL_PAGE_CACHE=off turns it off.
MEMORIAL_PAGE_CACHE = os.environ.get("MEMORIAL_PAGE_CACHE", "on").lower() not in {"off", "false", "0", "no"}

# Background tasks (admin imports, Wagtail's search and reference index) are queued in the database and run by
# `manage.py db_worker`, which `make run` starts beside the server. Production may use Redis instead (production.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security headers that hold in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview views set SAMEORIGIN themselves; CSP frame-ancestors governs modern browsers.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Wagtail
WAGTAIL_SITE_NAME = _("Memorial")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "privacy.MemorialImage"
# An old URL may have carried a name: never redirect from it automatically (P5).
WAGTAILREDIRECTS_AUTO_CREATE = False
# No third-party requests from the admin: avatars are not fetched from Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor is the dashboard's check for a newer Wagtail: the admin CSP blocks it, and it logged an error on every load.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "odt", "docx"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "heic", "heif"]

# Logs hold no personal data: no IP addresses, user agents or query strings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "memorial.logging.NoPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_personal_data"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Content-Security-Policy: public pages run no inline script and load nothing from third parties;
# the Wagtail admin needs inline scripts and styles. Both allow same-origin framing for previews.
CSP_PUBLIC = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)
CSP_ADMIN = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)
CSP_ADMIN_PATH_PREFIX = "/admin/"
# The public API (memorial.opendata.api) lives outside the language prefixes and answers its own 404s.
API_PATH_PREFIX = "/api/"
# Requests per client address to the API (django-ratelimit's notation), counted in the shared cache.
MEMORIAL_API_RATE = os.environ.get("MEMORIAL_API_RATE", "120/m")

# Keys for sealed values (privacy.sealing): comma-separated Fernet keys, newest first.
MEMORIAL_SEALING_KEYS = os.environ.get("MEMORIAL_SEALING_KEYS", "")

# Family submissions (memorial.submissions). Receipt codes are stored as HMAC-SHA256 under this key; when it is
# empty, a key derived from SECRET_KEY is used (changing SECRET_KEY then makes every issued code unusable).
MEMORIAL_RECEIPT_KEY = os.environ.get("MEMORIAL_RECEIPT_KEY", "")
# A form sent sooner than this after it was served is a script's, not a grieving person's.
MEMORIAL_SUBMISSION_MIN_FILL_SECONDS = 3
# A form token (and its staged photos) lasts a day.
MEMORIAL_SUBMISSION_FORM_MAX_AGE = 24 * 60 * 60
# New submissions are refused politely while this many wait for review.
MEMORIAL_SUBMISSION_QUEUE_CAP = 500
# django-ratelimit rates on the shared cache, per client (memorial.client_ip) and for everyone together.
MEMORIAL_SUBMISSION_RATES = {
    "submit": {"client": "20/h", "all": "300/h"},
    "status": {"client": "20/h", "all": "600/h"},
}
RATELIMIT_USE_CACHE = "default"
# What the submission pages' quick-exit button leaves for: a neutral site, in place of the current page.
MEMORIAL_QUICK_EXIT_URL = os.environ.get("MEMORIAL_QUICK_EXIT_URL", "https://www.google.com/")
# What the receipt and status pages tell families about how long review usually takes, in days.
MEMORIAL_REVIEW_DAYS = int(os.environ.get("MEMORIAL_REVIEW_DAYS", "14"))

# Open data (memorial.opendata.exports): where the built, signed export files live. Each server may keep its own:
# a build is rebuilt wherever the shared cache says the public records changed.
MEMORIAL_OPENDATA_ROOT = Path(os.environ.get("MEMORIAL_OPENDATA_ROOT", BASE_DIR / "var" / "open-data"))
# The Ed25519 key that signs them (memorial.opendata.signing): the 32-byte private key, base64, from the
# environment; `manage.py opendata_signing_key` prints a new one.
MEMORIAL_OPENDATA_SIGNING_KEY = os.environ.get("MEMORIAL_OPENDATA_SIGNING_KEY", "")
MEMORIAL_OPENDATA_SIGNING_KEY_FILE = ""
MEMORIAL_OPENDATA_SIGNING_KEY_GENERATE = False

# Moderators get at most one e-mail per this many minutes saying how many submissions wait (0: one per submission).
MEMORIAL_MODERATION_NOTIFY_MINUTES = int(os.environ.get("MEMORIAL_MODERATION_NOTIFY_MINUTES", "60"))
# Rejected and withdrawn submissions lose their personal data and photos this many days after the decision
# (`manage.py purge_submissions`, P8).
MEMORIAL_SUBMISSION_RETENTION_DAYS = int(os.environ.get("MEMORIAL_SUBMISSION_RETENTION_DAYS", "90"))
