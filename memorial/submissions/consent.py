"""The consent a family gives, in the words they were shown.

The texts live here, translated like every interface string. `current_consent` returns the stored version of
the text a form shows now in the visitor's language, making a new version the first time a text (or its
translation) reads differently; old versions are never edited, so what a submission points to is exactly what
its author read.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from memorial.submissions.models import ConsentText, Submission

# One text per kind of submission; the helpers that build the other forms add theirs here.
TEXTS = {
    Submission.Kind.TRIBUTE: _(
        "I agree that the moderators of this archive may read what I send and, if they approve it, publish my "
        "tribute and its photos on this person's page, with my name, only my relationship to them, or "
        "anonymously, as I chose above. I confirm that I have the right to share these photos. I understand "
        "that nothing is published before a moderator has reviewed it, that moderators may shorten the text or "
        "remove private details, and that I can withdraw my tribute at any time with my receipt code."
    ),
    Submission.Kind.NEW_RECORD: _(
        "I agree that the moderators of this archive may read what I send and, if they approve it, add this "
        "person to the archive and publish about them only what I chose above, or less where showing less "
        "protects them or their family. I confirm that what I wrote is true as far as I know and that I have the "
        "right to share these photos. I understand that nothing is published before a moderator has reviewed it, "
        "that the names I gave are stored encrypted, and that I can withdraw this record at any time with my "
        "receipt code."
    ),
    Submission.Kind.CORRECTION: _(
        "I agree that the moderators of this archive may read what I send, check it against the sources, and "
        "correct this record if they find that it is wrong. I understand that the record changes only after a "
        "moderator has reviewed my request, and that nothing I write here is published."
    ),
    Submission.Kind.TAKEDOWN: _(
        "I agree that the moderators of this archive may read my request and the reasons I give. I understand "
        "that this request does not hide the record by itself: a moderator reads it and decides, and nothing I "
        "write here is published."
    ),
}


def consent_text(kind, language):
    with translation.override(language):
        return str(TEXTS[kind])


def current_consent(kind, language):
    """The stored ConsentText for what a form of `kind` shows in `language` now."""
    text = consent_text(kind, language)
    digest = hashlib.sha256(text.encode()).hexdigest()
    found = ConsentText.objects.filter(kind=kind, language=language, text_sha256=digest).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            latest = ConsentText.objects.filter(kind=kind, language=language).aggregate(Max("version"))
            return ConsentText.objects.create(
                kind=kind,
                language=language,
                version=(latest["version__max"] or 0) + 1,
                text=text,
                text_sha256=digest,
            )
    except IntegrityError:
        # Another request stored the same new text (or took the same version number) at the same moment.
        return ConsentText.objects.get(kind=kind, language=language, text_sha256=digest)
