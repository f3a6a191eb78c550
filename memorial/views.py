"""Site-wide endpoints that belong to no domain app: health check, robots.txt, error pages."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from memorial.i18n import home_alternates
from memorial.meta import page_meta


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise; never says why."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request):
    return HttpResponse(loader.render_to_string("robots.txt", request=request), content_type="text/plain")


def page_not_found(request, exception=None):
    # One body for every unknown address: nothing from the request path is echoed, so a withdrawn record's
    # 404 cannot be told apart from one that never existed (P9).
    context = {"language_links": home_alternates(), "meta": page_meta(gettext("Page not found"))}
    return HttpResponseNotFound(loader.render_to_string("404.html", context, request=request))


def server_error(request):
    # Rendered without the request context: the failure may be in a context processor or the database.
    context = {"LANGUAGE_CODE": translation.get_language(), "LANGUAGE_BIDI": translation.get_language_bidi()}
    return HttpResponseServerError(loader.render_to_string("500.html", context))
