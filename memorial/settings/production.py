"""Production: everything comes from the environment; a missing SECRET_KEY stops the start."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
try:
    SECRET_KEY = os.environ["SECRET_KEY"]
except KeyError as error:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.") from error

# Each gunicorn worker keeps its database connection between requests (a new one cost a cached page five times the
# page itself on SQLite, and a PostgreSQL backend is forked for each); checked before reuse after an error.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "")

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies append to X-Forwarded-For before a request reaches the site; login throttling
# counts each client by the address they forward. 0 (the default) ignores the header.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "memorial.redis_cache.SharedRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "memorial",
        },
        "pages": {
            "BACKEND": "memorial.redis_cache.SharedRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "memorial-pages",
        },
    }

# Background tasks in Redis, run by `manage.py rqworker --job-class django_tasks_rq.Job` (README, "Background
# tasks"), when TASKS_REDIS_URL names one; otherwise in the database, run by `manage.py db_worker`.
if os.environ.get("TASKS_REDIS_URL"):
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq"]  # noqa: F405
    RQ_QUEUES = {"default": {"URL": os.environ["TASKS_REDIS_URL"], "DEFAULT_TIMEOUT": 60 * 60}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

# S3-compatible media when a bucket is configured. Originals and renditions go to a bucket of their own: a
# public bucket's read policy would cover every key in it, whatever ACL an object was written with.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    PRIVATE_BUCKET = os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME", "")
    if PRIVATE_BUCKET in {"", os.environ["AWS_STORAGE_BUCKET_NAME"]}:
        raise ImproperlyConfigured(
            "AWS_PRIVATE_STORAGE_BUCKET_NAME must name a private bucket other than AWS_STORAGE_BUCKET_NAME: "
            "photo originals never share a bucket with public media."
        )
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "media", "default_acl": None, "querystring_auth": False},
    }
    STORAGES["originals"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_BUCKET,
            "location": "originals",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
    STORAGES["renditions"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**STORAGES["originals"]["OPTIONS"], "location": "renditions"},  # noqa: F405
    }
    STORAGES["imports"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**STORAGES["originals"]["OPTIONS"], "location": "imports"},  # noqa: F405
    }

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
