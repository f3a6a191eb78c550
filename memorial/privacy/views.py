"""Serving sharp renditions to the admin only: they live in private storage."""

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.views.decorators.cache import never_cache

from wagtail.images import get_image_model


@never_cache
def admin_rendition(request, path):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    storage = get_image_model().get_rendition_model()._meta.get_field("file").storage
    try:
        if not storage.exists(path):
            raise Http404
        return FileResponse(storage.open(path))
    except SuspiciousFileOperation:
        raise Http404 from None
