"""The bench's URLconf (memorial.settings.bench_loopback): the site's URLs plus a minimal view to compare with,
and a middleware reporting each response's SQL query count in a header (DEBUG is off, so Django keeps none)."""

from django.db import connections
from django.http import HttpResponse
from django.urls import path

from memorial.urls import handler404, handler500
from memorial.urls import urlpatterns as site_urlpatterns

QUERY_COUNT_HEADER = "X-Bench-Queries"


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counting):
            response = self.get_response(request)
        response[QUERY_COUNT_HEADER] = str(count)
        return response


# Before the site's own: Wagtail's catch-all would answer /bench/minimal otherwise.
urlpatterns = [path("bench/minimal", minimal), *site_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
