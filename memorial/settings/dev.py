"""Local development: `make run`. Never used in production."""

import os

from .base import *  # noqa: F403

DEBUG = True
# A fixed key is acceptable only here: the dev server is bound to loopback.
SECRET_KEY = "dev-only-not-secret-memorial-3b1f0c7e9a"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The designed 404, not the debug page, for an unknown address; real errors still show their traceback.
MIDDLEWARE = [*MIDDLEWARE, "memorial.middleware.DesignedNotFoundMiddleware"]  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# A fixed key for local demo data only; production reads MEMORIAL_SEALING_KEYS from the environment.
MEMORIAL_SEALING_KEYS = os.environ.get("MEMORIAL_SEALING_KEYS", "ZGV2LW9ubHktbWVtb3JpYWwtc2VhbGluZy1rZXktMDA=")
# The open-data signing key of this checkout: made on first use in var/ (ignored by git), then kept.
MEMORIAL_OPENDATA_SIGNING_KEY_FILE = BASE_DIR / "var" / "opendata-signing.key"  # noqa: F405
MEMORIAL_OPENDATA_SIGNING_KEY_GENERATE = True
