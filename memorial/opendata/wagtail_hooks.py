from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from memorial.opendata import admin_views


@hooks.register("register_admin_urls")
def register_import_urls():
    urls = [
        path("", admin_views.ImportView.as_view(), name="index"),
        path("<int:pk>/", admin_views.JobView.as_view(), name="job"),
        path("<int:pk>/report/", admin_views.ReportView.as_view(), name="report"),
        path("<int:pk>/confirm/", admin_views.ConfirmView.as_view(), name="confirm"),
        path("<int:pk>/cancel/", admin_views.CancelView.as_view(), name="cancel"),
    ]
    return [path("import-victims/", include((urls, "opendata_import"), namespace="opendata_import"))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Import victims"), reverse("opendata_import:index"), icon_name="upload", order=260)
