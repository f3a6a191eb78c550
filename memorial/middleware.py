"""Response headers that are not covered by Django's SecurityMiddleware."""

from django.conf import settings


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
