"""The site's URLs with an API that publishes home pages through `add_page_endpoints`, the way a page type (the
remembrance pages) joins the public API: one call."""

from django.http import Http404
from django.urls import path

from ninja import NinjaAPI

from home.models import HomePage
from memorial.opendata.api import PublicPageOut, add_page_endpoints, not_found, public_response
from memorial.urls import handler404, handler500
from memorial.urls import urlpatterns as site_urlpatterns


class HomePageOut(PublicPageOut):
    introduction: str


api = NinjaAPI(urls_namespace="api", docs_url=None)
api.add_exception_handler(Http404, not_found)
api.add_decorator(public_response, mode="view")
add_page_endpoints(
    api, HomePage, name="home-pages", schema=HomePageOut, extra=lambda page: {"introduction": page.introduction}
)

urlpatterns = [
    path("api/v1/", api.urls),
    *(pattern for pattern in site_urlpatterns if getattr(pattern, "namespace", None) != "api"),
]

__all__ = ["handler404", "handler500", "urlpatterns"]
