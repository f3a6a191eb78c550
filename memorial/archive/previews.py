"""Admin previews show a record as the public will see it.

Records import no presentation code (the import contracts in pyproject.toml), so a record does not build its own
public page: the presentation layer registers, per model, the page a preview renders and how its context is made
(archive.apps does it once the apps are ready)."""

from wagtail.models import PreviewableMixin

_public_pages = {}


def register_public_page(model, *, template, context):
    """Preview `model` with `template`; `context(instance)` builds what the public page would be given."""
    _public_pages[model] = (template, context)


class PublicPagePreview(PreviewableMixin):
    def get_preview_template(self, request, mode_name):
        return _public_pages[type(self)][0]

    def get_preview_context(self, request, mode_name):
        # Not Wagtail's default context, which would hand the record itself to a public page's template.
        return {"request": request, **_public_pages[type(self)][1](self)}
