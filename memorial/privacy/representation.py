"""The one door out (P1): everything the public may see of a victim is computed here, and only here.

Pages, titles, meta tags, search keys, the API, the sitemap, exports and share cards all take a
`PublicVictim`; none of them reads the victim's identity or its policy fields themselves.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext

from memorial.archive.names import initials
from memorial.archive.text import without_controls
from memorial.privacy import guard
from memorial.privacy.policy import NamePolicy, PhotoPolicy, ShowHide

CHILD_AGE_GROUPS = {"0-4", "5-11", "12-17"}
AGE_BOUNDS = [(4, "0-4"), (11, "5-11"), (17, "12-17"), (29, "18-29"), (44, "30-44"), (59, "45-59")]
POLICY_PLACE = {"town": "town", "district": "district", "governorate": "governorate", "country": "country"}
POLICY_DATE = {"exact": "day", "month": "month", "year": "year"}


def age_group_of(age):
    for upper, group in AGE_BOUNDS:
        if age <= upper:
            return group
    return "60+"


@dataclass(frozen=True)
class PublicVictim:
    public_id: str | None
    name_ar: str
    name_latin: str
    name_shown_in_full: bool
    name_is_pseudonym: bool
    sex: str | None
    age: int | None
    age_group: str | None
    place: object | None
    date: date | None
    date_precision: str | None
    attack: object | None
    photo: object | None
    photo_mode: str
    biography_ar: str
    biography_en: str
    sources: list = field(default_factory=list)
    is_sample: bool = False
    documentation_status: str = ""
    guard_level: int = guard.NONE

    @property
    def has_name(self):
        return bool(self.name_ar or self.name_latin)

    @property
    def is_child(self):
        return self.age_group in CHILD_AGE_GROUPS if self.age_group else None

    @property
    def label(self):
        """`__str__` of a victim: its public id and public name, never anything sealed."""
        return _label(self.public_id, self.name_ar, self.name_latin)


def _label(public_id, name_ar, name_latin):
    name = " / ".join(part for part in (name_ar, name_latin) if part) or gettext("Name withheld")
    return f"{public_id or gettext('unpublished')} · {name}"


def public_label(victim):
    """`public_victim(victim).label` from the only things it reads, the public id and the public names: no place,
    attack or guard needed, so a batch of records in memory is labelled without another query."""
    return _label(victim.public_id, *public_names(victim, stored_identity(victim)))


# The name policies under which the public name is drawn from the sealed identity.
SHOWS_IDENTITY = (NamePolicy.FULL, NamePolicy.FIRST_NAME, NamePolicy.INITIALS)


def stored_identity(victim):
    """The record's sealed identity, read only when its name policy shows something of it: a withheld or
    pseudonymous record's names are not unsealed (nor queried) to be left out."""
    if victim.pk and victim.name_policy in SHOWS_IDENTITY:
        return getattr(victim, "identity", None)
    return None


def truncate_date(value, precision):
    """The date with everything finer than `precision` zeroed out, so no surface can print more."""
    if value is None or precision == "none":
        return None
    if precision == "month":
        return value.replace(day=1)
    if precision == "year":
        return value.replace(month=1, day=1)
    return value


def public_names(victim, identity):
    """(Arabic, Latin) public name under the victim's name policy; empty strings when withheld.

    Intake drops invisible controls; a value stored before that, or written around the forms, loses them here
    (before initials are taken), so no name can reorder a page title or a citation line."""
    policy = victim.name_policy
    if policy == NamePolicy.PSEUDONYM:
        return (without_controls(victim.pseudonym_ar), without_controls(victim.pseudonym_latin))
    if policy == NamePolicy.WITHHELD or identity is None:
        return ("", "")
    names = []
    for script in ("ar", "latin"):
        given, father, family = (without_controls(part) for part in identity.name_parts(script))
        if policy == NamePolicy.FULL:
            names.append(" ".join(part for part in (given, father, family) if part))
        elif policy == NamePolicy.FIRST_NAME:
            names.append(given)
        else:
            names.append(" ".join(initials(part, script) for part in (given, family) if part))
    return tuple(names)


def live_attack(victim):
    """The victim's attack when it is published, else None: an attack not on the public archive names nothing
    (no title, no link to a page that answers 404) and fixes no public date or town."""
    attack = victim.attack if victim.attack_id else None
    return attack if attack is not None and attack.live else None


def place_chain(place):
    """A place and the places it lies in, finest first."""
    while place is not None:
        yield place
        place = place.parent


def span_precision(start, end):
    """How precisely a span of days is one date: "day" for a single day, down to "none" across years."""
    if start == end:
        return "day"
    if (start.year, start.month) == (end.year, end.month):
        return "month"
    return "year" if start.year == end.year else "none"


@dataclass(frozen=True)
class SaidByAttack:
    """What a victim's public attack already says of the record, and so the date and place policies cannot hide:
    the record's date of death when it falls within the attack's days, to the precision those days fix it (the day
    of a one-day attack), and the record's place when it lies within a place the attack names, down to the place
    that holds every place the attack names (its town, when it names one town). Never more: a village the attack
    does not name, or a death days after it, stays under the policy."""

    date_level: str = "none"
    place: object | None = None

    @property
    def place_level(self):
        return self.place.level if self.place is not None else "country"


def said_by_attack(victim):
    attack = live_attack(victim)
    if attack is None:
        return SaidByAttack()
    date_level = "none"
    start, end = attack.date, attack.end_date or attack.date
    if victim.date_of_death is not None and start <= victim.date_of_death <= end:
        date_level = guard.coarser(guard.DATE_SCALE, span_precision(start, end), victim.date_precision)
    named = list(attack.places.all())
    record = list(place_chain(victim.place))
    place = None
    if {place.pk for place in named} & {place.pk for place in record}:
        common = set.intersection(*({place.pk for place in place_chain(one)} for one in named))
        place = next((candidate for candidate in record if candidate.pk in common), None)
    return SaidByAttack(date_level, place)


def guard_details(victim):
    """The victim's public details as the k-anonymity guard counts them (before coarsening)."""
    attack = live_attack(victim)
    said = said_by_attack(victim)
    places = {place.level: place.pk for place in place_chain(victim.place)}
    age_group = age_group_of(victim.age) if victim.age is not None else victim.age_group
    return guard.Details(
        id=victim.pk,
        attack_id=attack.pk if attack else None,
        places=places,
        place_level=POLICY_PLACE[victim.place_policy],
        date=victim.date_of_death,
        date_level=guard.coarser(guard.DATE_SCALE, POLICY_DATE[victim.date_policy], victim.date_precision),
        age=victim.age,
        age_group=age_group or "",
        age_level=victim.age_policy,
        sex=victim.sex,
        guard_level=victim.guard_level,
        attack_date_level=said.date_level,
        attack_place_level=said.place_level,
    )


def public_victim(victim, identity=None):
    """What the public may see of `victim`: its policy and the k-anonymity guard applied. `identity` is for a
    record not saved yet (a moderator's preview of a family's new record): the names it would be made with; or for
    one just written, whose names its writer still holds (`publication.NamesInHand`)."""
    if identity is None:
        identity = stored_identity(victim)
    name_ar, name_latin = public_names(victim, identity)
    details = guard_details(victim)
    name_in_full = victim.name_policy == NamePolicy.FULL and bool(name_ar or name_latin)
    # The guard protects records that do not name the person; once two moderators have approved a full
    # name, its coarsening has nothing left to protect (the stored level returns if the name is withheld).
    level = guard.NONE if name_in_full else victim.guard_level
    hidden = level >= guard.ATTACK_HIDDEN

    place_level, place_id = guard.shown_place(details, level)
    place = victim.place
    while place is not None and place.pk != place_id:
        place = place.parent

    date_precision = guard.date_precision(details, level)
    shown_date = truncate_date(victim.date_of_death, date_precision)
    age_shown = guard.shown_age(details, level)

    photo_mode = victim.photo_policy if victim.photo_id else PhotoPolicy.NONE
    show_sources = victim.sources_policy == ShowHide.SHOW and not hidden
    return PublicVictim(
        public_id=victim.public_id,
        name_ar=name_ar,
        name_latin=name_latin,
        name_shown_in_full=name_in_full,
        # A pseudonym reads like a name; the public must be told it is not the person's own.
        name_is_pseudonym=victim.name_policy == NamePolicy.PSEUDONYM and bool(name_ar or name_latin),
        sex=None if hidden or victim.sex == "unknown" else victim.sex,
        age=age_shown if isinstance(age_shown, int) else None,
        age_group=(details.age_group or None) if age_shown is not None else None,
        place=place if place_level != "country" else None,
        date=shown_date,
        date_precision=date_precision if shown_date else None,
        attack=None if hidden else live_attack(victim),
        photo=victim.photo if photo_mode != PhotoPolicy.NONE else None,
        photo_mode=photo_mode,
        biography_ar=without_controls(victim.biography_ar) if victim.biography_policy == ShowHide.SHOW else "",
        biography_en=without_controls(victim.biography_en) if victim.biography_policy == ShowHide.SHOW else "",
        sources=list(victim.sources.all()) if show_sources and victim.pk else [],
        is_sample=victim.is_sample,
        documentation_status=victim.documentation_status,
        guard_level=level,
    )


@dataclass(frozen=True)
class PublicPhoto:
    """A public photo as a page shows it: its public file, the responsive sizes made from that file (WebP and JPEG
    `srcset` lists, empty in a preview, whose photo is inline), its size and its alternative text. Nothing here
    names the original or says more of the person than the page's text does."""

    url: str
    width: int
    height: int
    alt: str
    webp_srcset: str = ""
    jpeg_srcset: str = ""
    blurred: bool = False
    graphic: bool = False


def srcset(candidates):
    return ", ".join(f"{url} {width}w" for url, width in sorted(candidates, key=lambda candidate: candidate[1]))


def public_picture(public_file, *, alt, blurred=False, graphic=False):
    """The PublicPhoto of a public file (a record's public version, a tribute's public copy: rows with `file`,
    `width`, `height` and their `sizes`), never of an original."""
    sizes = list(public_file.sizes.all())
    jpegs = [(size.file.url, size.width) for size in sizes if size.format == "jpeg"]
    return PublicPhoto(
        url=public_file.file.url,
        width=public_file.width,
        height=public_file.height,
        alt=alt,
        webp_srcset=srcset((size.file.url, size.width) for size in sizes if size.format == "webp"),
        # The public file itself is the JPEG at its own width.
        jpeg_srcset=srcset([*jpegs, (public_file.file.url, public_file.width)]) if jpegs else "",
        blurred=blurred,
        graphic=graphic,
    )


def tribute_photo_alt():
    return gettext("Photo shared by the family")


@dataclass(frozen=True)
class PublicTribute:
    """What the public may see of an approved tribute: its text and its author as the family chose to appear."""

    text: str
    author_name: str
    author_relationship: str
    anonymous: bool
    published_at: object
    # PublicPhoto each.
    photos: list = field(default_factory=list)
    # The tribute's random public token, for a takedown request about it alone (never its internal id, which would
    # tell how many tributes there are); None in a moderator's preview.
    ref: str | None = None


def public_tribute(tribute, photos=None):
    """The one door out for a tribute (P1): the author's name only if they chose to be named, their relationship
    unless they chose to be anonymous, and only the photos a moderator approved (public copies, no metadata).
    The moderators' preview passes the `photos` it would publish, as inline images."""
    display = tribute.author_display
    return PublicTribute(
        text=without_controls(tribute.text),
        author_name=without_controls(tribute.author_name) if display == "name" else "",
        author_relationship=without_controls(tribute.author_relationship) if display != "anonymous" else "",
        anonymous=display == "anonymous",
        published_at=tribute.published_at,
        photos=photos
        if photos is not None
        else [public_picture(photo, alt=tribute_photo_alt()) for photo in tribute.photos.all()],
        ref=getattr(tribute, "public_token", None),
    )
