"""Every photo uploaded through the Wagtail admin goes through the scrubber before it is stored."""

from wagtail.images.forms import BaseImageForm

from memorial.privacy.photos import scrub


class ScrubbedImageForm(BaseImageForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # An edit that keeps the stored file has nothing new to scrub.
        if upload is None or upload is getattr(self.instance, "file", None) or not hasattr(upload, "read"):
            return upload
        if getattr(upload, "_committed", False):
            return upload
        scrubbed = scrub(upload)
        self.instance.intake_sha256 = scrubbed.sha256
        return scrubbed.content
