"""Helpers for admin tests: a victim with canaries in every sealed field, users with given permissions,
the admin routes that can show a victim, and the check that no sealed value is on a page."""

import datetime
import io
import re
import zipfile
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth.models import Group, Permission

from bs4 import BeautifulSoup
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.publication import victims_published
from tests.factories import AttackFactory, VictimFactory

CANARIES = {
    "given_name_ar": "كنارياأول",
    "father_name_ar": "كنارياأب",
    "family_name_ar": "كنارياعائلة",
    "given_name_latin": "Canarygiven",
    "father_name_latin": "Canaryfather",
    "family_name_latin": "Canaryfamily",
    "home_village": "Canaryvillage",
    "family_details": "Canarydetails +963-0000",
}
BIRTH_DATE = datetime.date(1901, 2, 3)
DATE_FORMS = ["1901-02-03", "3 February 1901", "Feb. 3, 1901", "1901"]


def make_user(django_user_model, name, *permissions):
    user = django_user_model.objects.create_user(name, password="pw-for-tests-only-1")
    group = Group.objects.create(name=f"{name} group")
    for codename in ("access_admin", *permissions):
        group.permissions.add(Permission.objects.get(codename=codename))
    user.groups.add(group)
    return user


def make_sealed_victim():
    record = VictimFactory(name_policy="withheld", identity=None, attack=AttackFactory(key="canary-attack"))
    VictimIdentity.objects.create(victim=record, birth_date=BIRTH_DATE, **CANARIES)
    victims_published([record])
    record.refresh_from_db()
    # A second revision so that history, revisions and compare views have something to show.
    record.biography_en = "Edited biography."
    record.save_revision(user=None).publish()
    record.biography_en = "Draft biography."
    record.save_revision()
    return record


def response_text(response):
    """Everything a response gives its reader, as text: streamed exports and the sheets inside an .xlsx too."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = b"".join(archive.read(name) for name in archive.namelist())
    return data.decode()


def assert_sealed(response, path):
    body = response_text(response)
    # A search box repeats what was typed; only what the admin adds counts.
    for typed in parse_qs(urlsplit(path).query).get("q", []):
        body = body.replace(typed, "")
    for value in [*CANARIES.values(), *DATE_FORMS[:3]]:
        assert value not in body, (path, value)


def admin_paths(victim):
    revisions = list(victim.revisions.order_by("id").values_list("id", flat=True))
    base = "/admin/snippets/archive/victim"
    return [
        f"{base}/",
        f"{base}/?q=Canarygiven",
        f"{base}/?q=كنارياأول",
        f"{base}/results/?q=Canaryfamily",
        f"{base}/edit/{victim.pk}/",
        f"{base}/history/{victim.pk}/",
        f"{base}/history-results/{victim.pk}/",
        f"{base}/history/{victim.pk}/revisions/{revisions[0]}/view/",
        f"{base}/history/{victim.pk}/revisions/compare/{revisions[0]}...{revisions[-1]}/",
        f"{base}/history/{victim.pk}/revisions/compare/earliest...live/",
        f"{base}/preview/{victim.pk}/",
        f"{base}/usage/{victim.pk}/",
        f"{base}/unpublish/{victim.pk}/",
        "/admin/snippets/choose/archive/victim/",
        "/admin/snippets/choose/archive/victim/results/?q=Canarygiven",
        "/admin/pages/search/?q=Canarygiven",
        f"/admin/privacy/policy/{victim.pk}/",
        f"/admin/privacy/withdraw/{victim.pk}/",
        f"{base}/delete/{victim.pk}/",
        "/admin/privacy/policy/requests/",
        "/admin/privacy/defaults/",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/?export=csv",
        "/admin/reports/site-history/?export=xlsx",
    ]


def assert_admin_sealed(client, victim):
    """Open every admin route that can show `victim` and find no sealed value on any. Returns path -> status."""
    statuses = {}
    for path in admin_paths(victim):
        response = client.get(path)
        assert_sealed(response, path)
        statuses[path] = response.status_code
    return statuses


def login_with_second_factor(client, user):
    """Log `user` in as after entering a valid TOTP code: a confirmed device, verified in the session."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test authenticator", defaults={"confirmed": True})
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def listed_pks(client, query):
    """The records the admin's victim listing shows for a search, by primary key."""
    response = client.get("/admin/snippets/archive/victim/", {"q": query})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    links = page.select("tbody a[href*='/admin/snippets/archive/victim/edit/']")
    return {int(re.search(r"/edit/(\d+)/", link["href"]).group(1)) for link in links}
