"""The test suite: fast hashing, plain static files, and the cache users run (the database cache)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-memorial"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come straight from the finders: no collectstatic before a test run.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
MEMORIAL_SEALING_KEYS = "dGVzdC1vbmx5LW1lbW9yaWFsLXNlYWxpbmcta2V5LTA="
# A fixed signing key for the suite only (32 bytes, base64); the files go to a temporary folder (tests/conftest.py).
MEMORIAL_OPENDATA_SIGNING_KEY = "dGVzdC1vbmx5LW1lbW9yaWFsLW9wZW5kYXRhLWtleSE="  # noqa: S105
# Tasks run inside the request or command that enqueues them; tests/opendata runs the database queue's worker too.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
