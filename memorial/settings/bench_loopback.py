"""`make bench` only: production settings served over plain HTTP on 127.0.0.1, plus the bench's own URLs.

A module of its own, not an environment flag on production.py, so that no variable set by mistake on a real
server can turn off the HTTPS redirect, HSTS or secure cookies; nothing but bench/http.py names this module.
"""

from .production import *  # noqa: F403
from .production import MIDDLEWARE

ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

ROOT_URLCONF = "memorial.bench"
# First, so that it counts every query of the request, the other middleware's included.
MIDDLEWARE = ["memorial.bench.QueryCountMiddleware", *MIDDLEWARE]
