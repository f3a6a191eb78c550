"""Serving sharp renditions to the admin only: they live in private storage."""

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.views.decorators.cache import never_cache

from wagtail.images import get_image_model, get_permission_policy

# Those who may pick the image for a record or edit it; the same as may see it in the admin's image library.
SEEING_ACTIONS = ["choose", "change"]


@never_cache
def admin_rendition(request, path):
    """A rendition's file, for a user allowed to see its image (by the image's collection). Anyone else, like a
    path no rendition has, gets the same 404: nothing tells them which files exist."""
    rendition = get_image_model().get_rendition_model().objects.filter(file=path).select_related("image").first()
    if rendition is None or not get_permission_policy().user_has_any_permission_for_instance(
        request.user, SEEING_ACTIONS, rendition.image
    ):
        raise Http404
    try:
        return FileResponse(rendition.file.storage.open(rendition.file.name))
    except (FileNotFoundError, SuspiciousFileOperation):
        raise Http404 from None
