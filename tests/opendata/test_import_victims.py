"""`manage.py import_victims`: partners' CSV and JSON lists, checked row by row, written idempotently, and
never loosening what a record shows (P11). Every name here is synthetic."""

import csv
import datetime
import importlib
import io
import json

from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from wagtail.log_actions import LogContext, log
from wagtail.models import ModelLogEntry

import pytest

from memorial.archive.models import Victim, VictimAdminNameKey, VictimNameKey, VictimPublicIndex
from memorial.archive.names import name_keys
from memorial.opendata import importing
from memorial.opendata.management.commands.import_victims import Command
from memorial.privacy.models import PolicyChange, PublicationDefaults
from memorial.privacy.publication import refresh_public_surfaces
from memorial.privacy.services import TIGHTENED, approve_policy_change, change_policy, withdraw_victim
from tests.factories import (
    OPEN_POLICY,
    AttackFactory,
    DistrictFactory,
    GovernorateFactory,
    TownFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    governorate = GovernorateFactory(name_en="Sample Governorate", name_ar="محافظة التجربة")
    district = DistrictFactory(name_en="Sample District", name_ar="منطقة التجربة", parent=governorate)
    town = TownFactory(name_en="Sample Town", name_ar="إبلين", parent=district)
    other_governorate = GovernorateFactory(name_en="Other Governorate", name_ar="محافظة أخرى")
    other_town = TownFactory(name_en="Other Town", name_ar="بلدة أخرى", parent__parent=other_governorate)
    return {"governorate": governorate, "district": district, "town": town, "other_town": other_town}


@pytest.fixture
def attack(places):
    return AttackFactory(key="sample-2017", places=[places["town"]])


def row(number=1, **values):
    """A valid row for the fixtures above; keyword arguments replace or add columns."""
    return {
        "external_id": f"p-{number}",
        "source": "partner",
        "name_ar": "سلمى خالد الحسن",
        "name_latin": "Salma Khaled al-Hassan",
        "sex": "female",
        "age": "34",
        "date_of_death": "2017-04-04",
        "governorate": "Sample Governorate",
        "district": "Sample District",
        "town": "Sample Town",
        "attack_key": "sample-2017",
        "biography_ar": "سيرة تجريبية",
        "biography_en": "A synthetic biography.",
        "pseudonym": "",
        **OPEN_POLICY,
        **values,
    }


def write_csv(path, rows, *, encoding="utf-8"):
    columns = list(dict.fromkeys(column for values in rows for column in values))
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(path, *args, language="en"):
    """Run the command; returns (stdout, stderr). A CommandError carries the stderr in its notes."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        with translation.override(language):
            call_command("import_victims", str(path), *args, stdout=stdout, stderr=stderr)
    except CommandError as error:
        error.add_note(stderr.getvalue())
        raise
    return stdout.getvalue(), stderr.getvalue()


def failing(path, *args, language="en"):
    """Run a command that must fail; returns (message, stderr)."""
    with pytest.raises(CommandError) as raised:
        run(path, *args, language=language)
    return str(raised.value), raised.value.__notes__[0]


def imported(external_id="p-1"):
    return Victim.objects.select_related("identity").get(external_source="partner", external_id=external_id)


def keys_of(victim):
    return set(VictimNameKey.objects.filter(victim=victim).values_list("key", flat=True))


def test_csv_rows_become_published_records_with_sealed_names(tmp_path, places, attack):
    stdout, stderr = run(write_csv(tmp_path / "victims.csv", [row(), row(2, date_of_death="2017-04", age="")]))

    assert "Created: 2, updated: 0, unchanged: 0, invalid: 0, policies kept tighter: 0." in stdout
    assert stderr == ""
    victim = imported()
    assert (victim.sex, victim.age, victim.date_of_death, victim.date_precision) == (
        "female",
        34,
        datetime.date(2017, 4, 4),
        "day",
    )
    assert (victim.place, victim.attack, victim.biography_en) == (places["town"], attack, "A synthetic biography.")
    assert victim.identity.name_parts("ar") == ("سلمى", "خالد", "الحسن")
    assert victim.identity.name_parts("latin") == ("Salma", "Khaled", "al-Hassan")
    assert victim.live and victim.public_id and len(victim.public_id) == 10
    assert keys_of(victim) >= set(name_keys("سلمى خالد الحسن")) | set(name_keys("Salma Khaled Hassan"))
    assert VictimPublicIndex.objects.filter(victim=victim).exists()
    second = imported("p-2")
    assert (second.date_of_death, second.date_precision, second.age) == (datetime.date(2017, 4, 1), "month", None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name_ar FROM privacy_victimidentity WHERE victim_id = %s", [victim.pk])
        assert cursor.fetchone()[0].startswith("sealed:")


def test_a_byte_order_mark_is_read_past(tmp_path, places, attack):
    path = write_csv(tmp_path / "victims.csv", [row()], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    run(path)
    assert imported().identity.given_name_ar == "سلمى"


def test_windows_arabic_files_need_their_encoding(tmp_path, places, attack):
    path = write_csv(tmp_path / "victims.csv", [row(town="إبلين")], encoding="cp1256")

    message, _ = failing(path)
    assert "--encoding" in message and "line 2" in message
    assert not Victim.objects.exists()

    run(path, "--encoding", "cp1256")
    victim = imported()
    assert victim.identity.name_parts("ar") == ("سلمى", "خالد", "الحسن")
    assert victim.place == places["town"]


def test_json_lists_are_imported_and_their_errors_named_by_item(tmp_path, places, attack):
    good = row(age=34, pseudonym=None)
    path = tmp_path / "victims.json"
    items = [good, row(2, sex="f"), "not an object", row(4, age=[34], nickname="x")]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")

    _, stderr = failing(path)
    assert stderr.splitlines() == [
        "item 2: unknown sex 'f' (expected female, male or unknown)",
        "item 3: expected an object with the record's fields",
        "item 4: age must be text or a whole number",
        "item 4: unknown field 'nickname'",
    ]

    path.write_text(json.dumps([good]), encoding="utf-8")
    run(path.rename(tmp_path / "victims.txt"), "--format", "json")
    assert imported().age == 34


def test_json_items_are_counted_from_one(tmp_path, places, attack):
    path = tmp_path / "victims.json"
    path.write_text(json.dumps([row(7, sex="f"), row(8), row(8, age="40")]), encoding="utf-8")

    _, stderr = failing(path)

    assert stderr.splitlines() == [
        "item 1: unknown sex 'f' (expected female, male or unknown)",
        "item 3: source 'partner' with external_id 'p-8' already appears on item 2",
    ]
    path.write_text(json.dumps([row(8), row(7)]), encoding="utf-8")
    run(path)
    path.write_text(json.dumps([row(8), row(7, age_policy="withheld")]), encoding="utf-8")
    run(path)
    assert PolicyChange.objects.get().reason == "Import from partner (victims.json), item 2"


def test_importing_twice_changes_nothing(tmp_path, places, attack):
    path = write_csv(tmp_path / "victims.csv", [row(number) for number in range(1, 4)])
    run(path)
    before = dict(Victim.objects.values_list("external_id", "public_id"))

    stdout, _ = run(path)

    assert "Created: 0, updated: 0, unchanged: 3, invalid: 0" in stdout
    assert dict(Victim.objects.values_list("external_id", "public_id")) == before


def test_a_changed_row_updates_its_record(tmp_path, places, attack):
    run(write_csv(tmp_path / "first.csv", [row(), row(2)]))
    public_id = imported().public_id

    stdout, _ = run(
        write_csv(
            tmp_path / "second.csv",
            [row(name_latin="Hind Omar Darwish", age="35", biography_en="Corrected.", town=""), row(2)],
        )
    )

    assert "Created: 0, updated: 1, unchanged: 1" in stdout
    victim = imported()
    assert (victim.age, victim.biography_en, victim.place, victim.public_id) == (
        35,
        "Corrected.",
        places["district"],
        public_id,
    )
    assert victim.identity.name_parts("latin") == ("Hind", "Omar", "Darwish")
    assert keys_of(victim) >= set(name_keys("Hind Omar Darwish"))
    assert not keys_of(victim) & set(name_keys("Salma"))


def test_a_reimport_never_loosens_a_policy_but_does_tighten_it(tmp_path, places, attack):
    withheld = {**OPEN_POLICY, "name_policy": "withheld", "place_policy": "governorate"}
    run(write_csv(tmp_path / "first.csv", [row(**withheld), row(2)]))

    stdout, _ = run(write_csv(tmp_path / "second.csv", [row(), row(2, **withheld)]))

    assert "updated: 1, unchanged: 1, invalid: 0, policies kept tighter: 1." in stdout
    kept, tightened = imported(), imported("p-2")
    assert (kept.name_policy, kept.place_policy) == ("withheld", "governorate")
    assert (tightened.name_policy, tightened.place_policy) == ("withheld", "governorate")
    assert keys_of(kept) == keys_of(tightened) == set()


def test_empty_policy_cells_keep_a_policy_moderators_opened_up(tmp_path, places, attack, django_user_model):
    no_policy = dict.fromkeys(OPEN_POLICY, "")
    run(write_csv(tmp_path / "first.csv", [row(**no_policy)]))
    victim = imported()
    assert victim.name_policy == "initials"  # the site default, for a new record
    first, second = (django_user_model.objects.create_user(name, is_staff=True) for name in ("amal", "basel"))
    (request,) = change_policy(victim=victim, proposed={"name_policy": "full"}, reason="The family agreed", user=first)
    approve_policy_change(change=request, user=second)

    stdout, _ = run(write_csv(tmp_path / "second.csv", [row(age="35", **no_policy)]))

    assert "updated: 1, unchanged: 0, invalid: 0, policies kept tighter: 0. Policies tightened: 0," in stdout
    victim = imported()
    assert (victim.age, victim.name_policy) == (35, "full")
    assert keys_of(victim) >= set(name_keys("Salma Khaled Hassan"))
    assert not PolicyChange.objects.filter(status=PolicyChange.Status.APPLIED).exists()
    assert not ModelLogEntry.objects.filter(action=TIGHTENED).exists()


def test_a_tighter_cell_tightens_at_once_and_is_recorded_as_the_imports(client, tmp_path, places, attack):
    run(write_csv(tmp_path / "first.csv", [row(), row(2)]))
    public_id = imported("p-2").public_id
    assert "Salma" in client.get(f"/en/victims/{public_id}/").content.decode()

    stdout, _ = run(write_csv(tmp_path / "second.csv", [row(), row(2, name_policy="withheld", place_policy="")]))

    assert (
        "updated: 1, unchanged: 1, invalid: 0, policies kept tighter: 0. "
        "Policies tightened: 1, published records updated in place: 1." in stdout
    )
    victim = imported("p-2")
    assert (victim.name_policy, victim.place_policy) == ("withheld", "town")
    (change,) = PolicyChange.objects.all()
    assert (change.victim, change.status, change.requested_by) == (victim, PolicyChange.Status.APPLIED, None)
    assert change.reason == "Import from partner (second.csv), line 3"
    assert (change.before, change.after) == (OPEN_POLICY, {**OPEN_POLICY, "name_policy": "withheld"})
    (entry,) = ModelLogEntry.objects.filter(action=TIGHTENED)
    assert (entry.object_id, entry.user) == (str(victim.pk), None)
    assert entry.data == {"reason": change.reason, "from": change.before, "to": change.after}
    assert "Salma" not in entry.label
    # Every public surface follows at once (P5).
    assert "Salma" not in client.get(f"/en/victims/{public_id}/").content.decode()
    assert keys_of(victim) == set()
    assert VictimPublicIndex.objects.get(victim=victim).sort_name_latin is None


def test_a_looser_cell_changes_nothing_and_is_reported(tmp_path, places, attack):
    run(write_csv(tmp_path / "first.csv", [row(name_policy="withheld")]))
    path = write_csv(tmp_path / "second.csv", [row()])

    for args in (["--dry-run"], []):
        stdout, _ = run(path, *args)
        assert (
            "updated: 0, unchanged: 1, invalid: 0, policies kept tighter: 1. "
            "Policies tightened: 0, published records updated in place: 0." in stdout
        )

    assert imported().name_policy == "withheld"
    assert not PolicyChange.objects.exists()
    assert not ModelLogEntry.objects.filter(action__startswith="memorial.policy.").exists()


def test_draft_holds_back_new_records_but_not_updates_to_published_ones(client, tmp_path, places, attack):
    run(write_csv(tmp_path / "first.csv", [row()]))
    public_id = imported().public_id

    stdout, _ = run(
        write_csv(tmp_path / "second.csv", [row(biography_en="Corrected by the partner."), row(2)]), "--draft"
    )

    assert (
        "Created: 1, updated: 1, unchanged: 0, invalid: 0, policies kept tighter: 0. "
        "Policies tightened: 0, published records updated in place: 1." in stdout
    )
    updated, new = imported(), imported("p-2")
    assert updated.live and updated.public_id == public_id
    assert "Corrected by the partner." in client.get(f"/en/victims/{public_id}/").content.decode()
    assert not new.live and new.public_id is None
    assert not VictimPublicIndex.objects.filter(victim=new).exists()
    parser = Command().create_parser("manage.py", "import_victims")
    assert "Updates to records already published still go live at once" in " ".join(parser.format_help().split())


def test_a_dry_run_reports_every_bad_row_by_line_and_writes_nothing(tmp_path, places, attack):
    path = tmp_path / "victims.csv"
    write_csv(path, [row(biography_en="Two lines,\nquoted."), row(2, sex="f"), row(3), row(4, age="x", town="Nowhere")])

    message, stderr = failing(path, "--dry-run")

    # The header is line 1 and the first row's quoted biography spans lines 2 and 3.
    assert stderr.splitlines() == [
        "line 4: unknown sex 'f' (expected female, male or unknown)",
        "line 6: age 'x' is not a whole number from 0 to 120",
        "line 6: unknown town 'Nowhere' within district 'Sample District'",
    ]
    assert "2 rows are invalid: nothing was written." in message
    assert not Victim.objects.exists()


def test_a_clean_dry_run_counts_what_it_would_do(tmp_path, places, attack):
    run(write_csv(tmp_path / "first.csv", [row()]))
    stdout, _ = run(write_csv(tmp_path / "second.csv", [row(age="35"), row(2)]), "--dry-run")
    assert "Dry run, nothing was written. Created: 1, updated: 1, unchanged: 0" in stdout
    assert Victim.objects.count() == 1
    assert imported().age == 34


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"external_id": ""}, "external_id is missing"),
        ({"source": " "}, "source is missing"),
        ({"name_ar": "", "name_latin": ""}, "no name: give name_ar, name_latin or the name-part columns"),
        ({"name_ar": "Salma"}, "the Arabic name is not written in Arabic script"),
        ({"family_name_latin": "الحسن"}, "the Latin-script name contains Arabic script"),
        ({"sex": "f"}, "unknown sex 'f' (expected female, male or unknown)"),
        ({"age": "121"}, "age '121' is not a whole number from 0 to 120"),
        ({"age": "-3"}, "age '-3' is not a whole number from 0 to 120"),
        ({"date_of_death": "2017-02-30"}, "date_of_death '2017-02-30' is not a date written YYYY-MM-DD, YYYY-MM or"),
        ({"date_of_death": "04/04/2017"}, "date_of_death '04/04/2017' is not a date"),
        (
            {"name_policy": "public"},
            "unknown name_policy 'public' (expected full, first_name, initials, pseudonym or withheld)",
        ),
        ({"photo_policy": "sharp"}, "unknown photo_policy 'sharp' (expected show, blurred or none)"),
        ({"biography_policy": "yes"}, "unknown biography_policy 'yes' (expected show or hide)"),
        ({"name_policy": "pseudonym"}, "name_policy is pseudonym but the row gives no pseudonym"),
        ({"pseudonym": "Son of the town", "pseudonym_latin": "Son"}, "pseudonym and pseudonym_latin give different"),
        ({"governorate": "Atlantis", "district": "", "town": ""}, "unknown governorate 'Atlantis'"),
        ({"town": "Other Town"}, "unknown town 'Other Town' within district 'Sample District'"),
        ({"attack_key": "nowhere-1999"}, "unknown attack_key 'nowhere-1999'"),
        ({"external_id": "x" * 101}, "external_id is longer than 100 characters"),
    ],
)
def test_each_kind_of_bad_row_is_reported(tmp_path, places, attack, values, problem):
    _, stderr = failing(write_csv(tmp_path / "victims.csv", [row(), row(2, **values)]))
    assert stderr.startswith(f"line 3: {problem}")
    assert not Victim.objects.exists()


def test_messages_speak_the_active_language(tmp_path, places, attack):
    message, stderr = failing(write_csv(tmp_path / "victims.csv", [row(sex="f")]), language="ar")
    assert stderr.startswith("السطر 2: جنس غير معروف 'f'")
    assert "nothing was written" not in message


def test_an_id_twice_in_one_file_is_an_error(tmp_path, places, attack):
    path = write_csv(tmp_path / "victims.csv", [row(), row(2), row(1, age="40")])
    _, stderr = failing(path)
    assert stderr == "line 4: source 'partner' with external_id 'p-1' already appears on line 2\n"


def test_values_past_the_header_are_an_error(tmp_path, places, attack):
    path = write_csv(tmp_path / "victims.csv", [row()])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("p-2,partner,هند,,,,,,,,,,,,,,,,,,,,,,surplus\n")
    _, stderr = failing(path)
    assert stderr == "line 3: the row has more values than the header has columns\n"


def test_file_level_problems_stop_the_import(tmp_path, places, attack):
    def problem(name, content):
        (tmp_path / name).write_text(content, encoding="utf-8")
        return failing(tmp_path / name)[0]

    assert "Unknown column(s) in the header: name_polcy" in problem("a.csv", "external_id,source,name_ar,name_polcy\n")
    assert "no source column" in problem("b.csv", "external_id,name_ar\n1,هند\n")
    assert "no name column" in problem("c.csv", "external_id,source\n1,partner\n")
    assert "names a column twice: sex" in problem("d.csv", "external_id,source,name_ar,sex,Sex\n")
    assert "The file is empty" in problem("e.csv", "")
    assert "--format" in problem("f.tsv", "")
    assert "list of objects" in problem("g.json", '{"external_id": "1"}')
    assert "not valid JSON (line 2, column 1)" in problem("h.json", "[\n}")
    assert "field larger than field limit" in problem(
        "i.csv", "external_id,source,name_ar,biography_en\n1,p,هند," + "x" * 200_000
    )
    assert "Unknown encoding 'klingon'" in failing(write_csv(tmp_path / "j.csv", [row()]), "--encoding", "klingon")[0]
    assert "Cannot read missing.csv" in failing(tmp_path / "missing.csv")[0]
    assert not Victim.objects.exists()


def test_without_sealing_keys_nothing_is_read_or_written(tmp_path, places, attack, settings):
    settings.MEMORIAL_SEALING_KEYS = ""
    message, _ = failing(write_csv(tmp_path / "victims.csv", [row()]))
    assert "MEMORIAL_SEALING_KEYS" in message
    assert not Victim.objects.exists()


def test_without_skip_invalid_one_bad_row_stops_the_whole_import(tmp_path, places, attack):
    path = write_csv(tmp_path / "victims.csv", [row(), row(2), row(3, attack_key="nowhere")])
    message, _ = failing(path)
    assert "1 row is invalid: nothing was written." in message
    assert not Victim.objects.exists()


def test_skip_invalid_writes_the_valid_rows_and_reports_the_others(tmp_path, places, attack):
    path = write_csv(tmp_path / "victims.csv", [row(), row(2, sex="x"), row(3), row(1, age="50")])
    stdout, stderr = run(path, "--skip-invalid")
    assert "Created: 2, updated: 0, unchanged: 0, invalid: 2" in stdout
    assert stderr.startswith("line 3: unknown sex 'x'")
    assert "line 5: source 'partner' with external_id 'p-1' already appears on line 2" in stderr
    assert set(Victim.objects.values_list("external_id", flat=True)) == {"p-1", "p-3"}
    assert imported().age == 34

    message, _ = failing(write_csv(tmp_path / "bad.csv", [row(4, sex="x")]), "--skip-invalid")
    assert "1 row is invalid: nothing was written." in message


def test_a_draft_import_publishes_nothing_until_imported_for_real(tmp_path, places, attack):
    path = write_csv(tmp_path / "victims.csv", [row()])
    run(path, "--draft")
    victim = imported()
    assert not victim.live and victim.public_id is None
    assert keys_of(victim) == set()
    assert not VictimPublicIndex.objects.exists()

    stdout, _ = run(path)
    assert "updated: 1" in stdout
    victim = imported()
    assert victim.live and victim.public_id and keys_of(victim)


def test_tightening_a_record_taken_down_rewrites_the_name_in_its_admin_history(tmp_path, places, attack):
    run(write_csv(tmp_path / "victims.csv", [row(name_policy="full")]))
    victim = imported()
    victim.save_revision(log_action=True)
    victim.unpublish()
    assert "Salma" in victim.revisions.latest("id").object_str

    run(write_csv(tmp_path / "again.csv", [row(name_policy="withheld")]))

    assert "Salma" not in imported().revisions.latest("id").object_str
    labels = ModelLogEntry.objects.filter(object_id=str(victim.pk)).values_list("label", flat=True)
    assert labels and not [label for label in labels if "Salma" in label]


def test_a_record_taken_down_stays_down(tmp_path, places, attack):
    path = write_csv(tmp_path / "victims.csv", [row()])
    run(path)
    victim = imported()
    victim.unpublish()

    stdout, _ = run(write_csv(tmp_path / "again.csv", [row(age="35")]))

    assert "updated: 1" in stdout
    victim = imported()
    assert victim.age == 35 and not victim.live
    assert not VictimPublicIndex.objects.exists()


def test_a_record_without_a_sealed_identity_gets_one(tmp_path, places, attack):
    VictimFactory(external_source="partner", external_id="p-1", identity=None)
    stdout, _ = run(write_csv(tmp_path / "victims.csv", [row()]))
    assert "updated: 1" in stdout
    assert imported().identity.name_parts("ar") == ("سلمى", "خالد", "الحسن")


def test_full_names_are_split_keeping_compounds_whole(tmp_path, places, attack):
    rows = [
        row(name_ar="عبد الله نور الدين الأحمد", name_latin="Abu Bakr Abd al-Rahman Haddad"),
        row(2, name_ar="أم كلثوم درويش", name_latin="Nour al-Din"),
        row(3, given_name_ar="هند", family_name_ar="عبد الرحمن الشامي", name_latin=""),
    ]
    run(write_csv(tmp_path / "victims.csv", rows))
    assert imported().identity.name_parts("ar") == ("عبد الله", "نور الدين", "الأحمد")
    assert imported().identity.name_parts("latin") == ("Abu Bakr", "Abd al-Rahman", "Haddad")
    assert imported("p-2").identity.name_parts("ar") == ("أم كلثوم", "", "درويش")
    assert imported("p-2").identity.name_parts("latin") == ("Nour al-Din", "", "")
    # The part columns win over a full name in the same script.
    assert imported("p-3").identity.name_parts("ar") == ("هند", "", "عبد الرحمن الشامي")


def test_pseudonyms_go_to_their_script(tmp_path, places, attack):
    rows = [row(name_policy="pseudonym", pseudonym="ابنة المدينة"), row(2, pseudonym="Daughter of the town")]
    run(write_csv(tmp_path / "victims.csv", rows))
    assert (imported().pseudonym_ar, imported().pseudonym_latin) == ("ابنة المدينة", "")
    assert (imported("p-2").pseudonym_ar, imported("p-2").pseudonym_latin) == ("", "Daughter of the town")


def test_an_empty_policy_takes_the_site_default(tmp_path, places, attack, site):
    defaults = PublicationDefaults.for_site(site)
    defaults.name_policy, defaults.place_policy, defaults.age_policy = "first_name", "governorate", "withheld"
    defaults.save()

    run(write_csv(tmp_path / "victims.csv", [row(**{**dict.fromkeys(OPEN_POLICY, ""), "photo_policy": "blurred"})]))

    victim = imported()
    assert {name: getattr(victim, name) for name in OPEN_POLICY} == {**defaults.as_policy(), "photo_policy": "blurred"}


def test_a_withheld_name_leaves_no_name_key(tmp_path, places, attack):
    run(write_csv(tmp_path / "victims.csv", [row(name_policy="withheld")]))
    victim = imported()
    assert victim.public_id
    assert keys_of(victim) == set()
    names = set(name_keys("سلمى خالد الحسن")) | set(name_keys("Salma Khaled al-Hassan"))
    assert not VictimNameKey.objects.filter(key__in=names).exists()
    assert VictimPublicIndex.objects.get(victim=victim).sort_name_latin is None


def test_places_match_either_language_after_normalisation(tmp_path, places, attack):
    rows = [
        row(governorate="", district="", town="ابلين"),
        row(2, governorate="  sample   GOVERNORATE ", district="", town=""),
        row(3, governorate="", district="منطقة التجربة", town="SAMPLE TOWN"),
    ]
    run(write_csv(tmp_path / "victims.csv", rows))
    assert imported().place == places["town"]
    assert imported("p-2").place == places["governorate"]
    assert imported("p-3").place == places["town"]


def test_a_town_name_shared_by_two_districts_needs_its_district(tmp_path, places, attack):
    TownFactory(name_en="Sample Town", name_ar="إبلين", parent__parent=places["governorate"])
    _, stderr = failing(write_csv(tmp_path / "victims.csv", [row(district="")]))
    assert "town 'Sample Town' matches several places" in stderr
    run(write_csv(tmp_path / "victims.csv", [row()]))
    assert imported().place == places["town"]


def test_the_guard_and_public_surfaces_run_once_for_the_whole_file(tmp_path, places, attack, monkeypatch):
    calls = []
    published = importing.victims_published
    monkeypatch.setattr(
        importing, "victims_published", lambda victims, **kwargs: calls.append(victims) or published(victims, **kwargs)
    )
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    VictimFactory(external_source="partner", external_id="p-1", age=70)

    run(write_csv(tmp_path / "victims.csv", [row(number, name_policy="initials") for number in range(1, 6)]))

    # Four new records and the one updated, over three batches: one call.
    assert len(calls) == 1 and len(calls[0]) == 5
    assert Victim.objects.filter(external_source="partner", public_id=None).count() == 0


def test_progress_is_shown_on_a_terminal_only(tmp_path, places, attack):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    path = write_csv(tmp_path / "victims.csv", [row()])
    _, stderr = run(path)
    assert stderr == ""

    terminal, progress = Terminal(), io.StringIO()
    with translation.override("en"):
        call_command("import_victims", str(path), stdout=terminal, stderr=progress)
    assert progress.getvalue() == "\r  checked 1/1 rows\n\r  written 1/1 rows\n"


def test_sources_and_ids_match_whatever_their_case_spaces_and_width(tmp_path, places, attack):
    run(write_csv(tmp_path / "victims.csv", [row(source="Partner", external_id="P-1")]))
    assert Victim.objects.values_list("external_source", "external_id").get() == ("partner", "p-1")

    stdout, _ = run(write_csv(tmp_path / "again.csv", [row(source="  PARTNER ", external_id="ｐ-1", age="35")]))

    assert "Created: 0, updated: 1," in stdout
    assert imported().age == 35


@pytest.fixture
def withdrawn(tmp_path, places, attack):
    run(write_csv(tmp_path / "first.csv", [row()]))
    return withdraw_victim(victim=imported(), reason="The family withdrew consent", user=None)


WITHDRAWN_ROW = "line 2: source 'partner' with external_id 'p-1' was withdrawn at the family's request"


def test_a_withdrawn_record_stops_the_import_of_its_row_however_it_is_written(tmp_path, withdrawn):
    path = write_csv(tmp_path / "again.csv", [row(source="PARTNER", external_id=" P-1"), row(2)])

    message, stderr = failing(path)

    assert f"{WITHDRAWN_ROW}; it is never imported again" in stderr
    assert "1 row is invalid: nothing was written." in message
    assert list(Victim.objects.all()) == [withdrawn]
    assert not Victim.objects.get().live


def test_a_withdrawn_record_is_skipped_and_reported_with_skip_invalid_and_in_a_dry_run(tmp_path, withdrawn):
    path = write_csv(tmp_path / "again.csv", [row(source="PARTNER"), row(2)])

    _, stderr = failing(path, "--dry-run")
    assert WITHDRAWN_ROW in stderr
    stdout, stderr = run(path, "--skip-invalid")

    assert WITHDRAWN_ROW in stderr
    assert "Created: 1, updated: 0, unchanged: 0, invalid: 1," in stdout
    assert Victim.objects.filter(external_id="p-1").get() == withdrawn
    assert not VictimPublicIndex.objects.filter(victim=withdrawn).exists()
    assert imported("p-2").live


def test_the_refusal_speaks_arabic(tmp_path, withdrawn):
    _, stderr = failing(write_csv(tmp_path / "again.csv", [row()]), language="ar")
    assert "سُحب بطلب من العائلة" in stderr


def test_stored_sources_and_ids_are_normalised_and_collisions_left_and_reported(capsys):
    migration = importlib.import_module("memorial.archive.migrations.0007_normalise_import_keys")
    alone = VictimFactory()
    first, second = VictimFactory(), VictimFactory()
    Victim.objects.filter(pk=alone.pk).update(external_source=" SNHR\u200b ", external_id="A-1")
    Victim.objects.filter(pk=first.pk).update(external_source="rt", external_id="x-1")
    Victim.objects.filter(pk=second.pk).update(external_source="RT", external_id="X-1")

    migration.normalise_import_keys(django_apps, None)

    stored = dict(Victim.objects.values_list("pk", "external_id"))
    assert Victim.objects.get(pk=alone.pk).external_source == "snhr" and stored[alone.pk] == "a-1"
    assert (stored[first.pk], stored[second.pk]) == ("x-1", "X-1")
    assert (
        f"Victims {first.pk} (public id none), {second.pk} (public id none) share source 'rt'"
        in capsys.readouterr().out
    )


def test_bulk_audit_entries_equal_what_logging_one_by_one_writes(django_user_model):
    victims = [VictimFactory(), VictimFactory(), VictimFactory()]
    user = django_user_model.objects.create_user("importer")
    data = {"reason": "Import from partner (file.csv), line 2", "from": OPEN_POLICY, "to": OPEN_POLICY}
    fields = ["content_type", "object_id", "label", "action", "data", "user", "uuid", "content_changed", "deleted"]

    def entries():
        return list(ModelLogEntry.objects.filter(action=TIGHTENED).order_by("object_id", "pk").values(*fields))

    with LogContext(user=user) as context:
        for victim in victims:
            log(instance=victim, action=TIGHTENED, data=data)
        one_by_one = entries()
        ModelLogEntry.objects.filter(action=TIGHTENED).delete()
        importing._log_all((victim, data) for victim in victims)
        assert entries() == one_by_one
    assert len(one_by_one) == 3 and {entry["uuid"] for entry in one_by_one} == {context.uuid}


def test_public_surfaces_built_from_the_names_in_hand_are_those_the_stored_records_give(tmp_path, places, attack):
    """The import represents the records it wrote from the names it holds, not read and unsealed again: the index,
    name keys and admin keys are the ones a refresh from the database writes."""
    VictimFactory(external_source="partner", external_id="p-1", age=70)
    policies = ["full", "initials", "first_name", "withheld", "pseudonym"]
    rows = [
        row(number, name_policy=policy, pseudonym="ابن الحي" if policy == "pseudonym" else "", place_policy="district")
        for number, policy in enumerate(policies, start=1)
    ]
    run(write_csv(tmp_path / "victims.csv", rows))

    def surfaces():
        return (
            list(VictimPublicIndex.objects.order_by("victim").values()),
            sorted(VictimNameKey.objects.values_list("victim", "key")),
            sorted(VictimAdminNameKey.objects.values_list("victim", "key")),
        )

    imported = surfaces()
    assert len(imported[0]) == len(policies)
    refresh_public_surfaces(Victim.objects.all())
    assert surfaces() == imported
