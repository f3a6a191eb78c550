"""Telling an admin user, when they sign in, that someone tried their account in between."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from memorial.privacy.models import FailedSignIns


@receiver(user_login_failed)
def count_failed_sign_in(sender, credentials, **kwargs):
    """Every refused password for an existing account, refusals during a lockout included."""
    user_model = get_user_model()
    # Only accounts that exist: a stranger's typo, or a password typed into the username box, is not kept.
    username = credentials.get(user_model.USERNAME_FIELD)
    pk = (
        user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).values_list("pk", flat=True).first()
    )
    if pk is None:
        return
    now = timezone.now()
    _, created = FailedSignIns.objects.get_or_create(user_id=pk, defaults={"count": 1, "last_at": now})
    if not created:
        FailedSignIns.objects.filter(user_id=pk).update(count=F("count") + 1, last_at=now)


def tell_about_failed_sign_ins(request):
    """Called once the user is fully signed in, second factor included: someone who knows only the password
    cannot clear the notice before the account's owner has seen it."""
    failures = FailedSignIns.objects.filter(user_id=request.user.pk).first()
    if failures is None:
        return
    # A failure counted meanwhile keeps its row, to be told next time.
    FailedSignIns.objects.filter(user_id=request.user.pk, count=failures.count).delete()
    message = ngettext(
        "%(count)s failed sign-in attempt was made on your account since you last signed in, on %(when)s. "
        "If it was not you, tell another administrator.",
        "%(count)s failed sign-in attempts were made on your account since you last signed in, the last on "
        "%(when)s. If they were not you, tell another administrator.",
        failures.count,
    )
    when = date_format(timezone.localtime(failures.last_at), "DATETIME_FORMAT")
    messages.warning(request, message % {"count": failures.count, "when": when})
