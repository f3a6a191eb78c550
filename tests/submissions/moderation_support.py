"""Submissions of every kind made the way the forms store them, and moderators logged in with a second factor."""

import secrets

from django.contrib.auth.models import Permission
from django.test import Client

from wagtail.users.models import UserProfile

from memorial.archive.names import split_full_name
from memorial.submissions.models import ConsentText, Submission
from memorial.submissions.services import submission_create
from tests.admin_support import login_with_second_factor

MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("submissions", "moderate_submission"),
    ("archive", "view_victim"),
    ("archive", "change_victim"),
]


def consent_for(kind, language="ar"):
    consent, _ = ConsentText.objects.get_or_create(
        kind=kind,
        language=language,
        version=1,
        defaults={"text": f"consent {kind}", "text_sha256": kind.ljust(64, "0")},
    )
    return consent


def make_submission(kind=Submission.Kind.TRIBUTE, *, victim=None, content=None, language="ar", **fields):
    receipt = submission_create(
        kind=kind,
        token_value=secrets.token_urlsafe(16),
        language=language,
        consent=consent_for(kind, language),
        content=content if content is not None else {"text": "كان يحب الزيتون وأولاده."},
        victim=victim,
        **fields,
    )
    return receipt.submission


def new_record_content(**values):
    """A new record's `content` exactly as `NewRecordForm.content` stores it (keys and value types), nothing
    known but the sex; `values` replace single keys."""
    return {
        "sex": "unknown",
        "age": None,
        "date_of_death": "",
        "date_precision": "",
        "governorate": None,
        "place_name": "",
        "place_level": "",
        "attack": "",
        "biography": "",
        "sources": "",
        "pseudonym": "",
        "policy": {},
        **values,
    }


def make_new_record(arabic="", latin="", *, content=None, **fields):
    """A new-record submission as the form stores it: the full names, split by the archive's rule, sealed in
    its SubmittedIdentity (none when both are empty), and its `content` (see `new_record_content`)."""
    identity = {}
    for script, full_name in (("ar", arabic), ("latin", latin)):
        given, father, family = split_full_name(full_name)
        identity |= {f"given_name_{script}": given, f"father_name_{script}": father, f"family_name_{script}": family}
    return make_submission(
        Submission.Kind.NEW_RECORD,
        content=new_record_content(**(content or {})),
        identity=identity if arabic or latin else None,
        **fields,
    )


def make_moderator(django_user_model, username, *extra, language="en"):
    """A moderator (not a superuser) whose admin speaks `language`."""
    user = django_user_model.objects.create_user(username, password="moderator-password-for-tests-1")  # noqa: S106
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": language})
    for app_label, codename in [*MODERATOR_PERMISSIONS, *extra]:
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def moderator_client(user):
    return login_with_second_factor(Client(), user)


def detail_url(submission):
    return f"/admin/submissions/{submission.pk}/"
