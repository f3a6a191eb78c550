"""Response headers that are not covered by Django's SecurityMiddleware, and the 404 page in development."""

from django.conf import settings
from django.http import Http404

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
