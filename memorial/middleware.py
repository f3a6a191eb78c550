"""Response headers that are not covered by Django's SecurityMiddleware, and the 404 page in development."""

from django.conf import settings
from django.http import Http404
from django.middleware import locale
from django.utils import translation
from django.utils.cache import patch_vary_headers

from memorial.views import page_not_found


class ContentSecurityPolicyMiddleware:
    """Strict policy on public pages; the looser one the Wagtail admin needs under its prefix."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(settings.CSP_ADMIN_PATH_PREFIX)
            response["Content-Security-Policy"] = settings.CSP_ADMIN if admin else settings.CSP_PUBLIC
        return response


class DesignedNotFoundMiddleware:
    """Development only (settings.dev): with DEBUG on, Django answers an unknown address with its debug page;
    a visitor trying the site with `make run` should meet the designed 404 instead. Other errors keep their
    tracebacks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except under the API: Django would take a 404 outside the language prefixes for a missing prefix
    and redirect it into the site (where Wagtail's catch-all accepts any path), so an unknown record would answer a
    redirect or the API's 404 depending on the characters of its id. The API's 404 stays as it is (P9)."""

    def process_response(self, request, response):
        if request.path_info.startswith(settings.API_PATH_PREFIX):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
