from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from memorial import views
from memorial.archive.sitemaps import SITEMAPS
from memorial.opendata.api import api
from memorial.privacy.views import admin_rendition

# No Wagtail API is mounted: its image endpoints would list originals (design.md).
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # Outside the language prefixes, before Wagtail's catch-all: every response carries both languages.
    path("api/v1/", api.urls),
    path("admin/renditions/<path:path>", admin_rendition, name="admin_rendition"),
    path("admin/", include(wagtailadmin_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include("memorial.archive.urls")),
    path("", include("memorial.remembrance.urls")),
    path("", include("memorial.submissions.urls")),
    path("", include("memorial.opendata.urls")),
    # Last: Wagtail's pages answer every address not matched above.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "memorial.views.page_not_found"
handler500 = "memorial.views.server_error"
