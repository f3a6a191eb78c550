"""Public pages of the archive. Each view reads through selectors and shows victims only through the
public representation."""

from dataclasses import replace

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi, gettext

from memorial.accountability.selectors import live_milestones
from memorial.archive import selectors
from memorial.archive.charts import statistics_charts
from memorial.archive.display import (
    attack_page_context,
    milestone_row,
    statistics_for_display,
    timeline,
    victim_list,
    victim_page_context,
)
from memorial.archive.forms import AttackFilterForm, VictimFilterForm
from memorial.archive.statistics import archive_statistics
from memorial.maps.drawing import attack_map
from memorial.meta import page_meta
from memorial.remembrance.share_cards import attack_share_image, victim_share_image
from memorial.submissions.tributes import tributes_for

VICTIMS_PER_PAGE = 50


def attack_index(request):
    form = AttackFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    attacks = selectors.attack_list_public(governorate=filters.get("governorate"), agent=filters.get("agent"))
    # Filtered, the timeline keeps the milestones about the attacks it shows; whole, every milestone.
    milestones = live_milestones(attacks=attacks if filters.get("governorate") or filters.get("agent") else None)
    return render(
        request,
        "archive/attack_index.html",
        {
            "form": form,
            "years": timeline(attacks, milestones),
            "attack_count": len(attacks),
            "map": attack_map(selectors.mapped_attacks(attacks)),
            "meta": page_meta(
                gettext("Attacks"),
                gettext(
                    "The chemical attacks in Syria recorded in this archive, year by year, with the figures their "
                    "sources reported and the official findings."
                ),
            ),
        },
    )


def attack_detail(request, key):
    attack = selectors.attack_public(key)
    page = listing(request, selectors.victim_index_entries(attack=attack), selectors.default_sort())
    permanent_url = request.build_absolute_uri(reverse("archive:attack", args=[attack.key]))
    context = attack_page_context(attack, victims=page.rows, page_obj=page, permanent_url=permanent_url)
    context["meta"] = replace(context["meta"], image=attack_share_image(request, attack))
    context["map"] = attack_map(selectors.attacks_on_the_map(), highlighted=attack)
    context["milestones"] = [milestone_row(milestone) for milestone in live_milestones(attacks=[attack])]
    return render(request, "archive/attack_page.html", context)


def listing(request, entries, sort):
    """One page of index rows, from the cursor the request carries (`?after=` or `?before=` a public id)."""
    return selectors.listing_page(
        entries,
        sort,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        size=VICTIMS_PER_PAGE,
    )


def victim_index(request):
    form = VictimFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    if filters is None:
        page, victims = None, []
    else:
        page = listing(
            request, selectors.victim_index_entries(**filters), filters.get("sort") or selectors.default_sort()
        )
        victims = victim_list(page.rows)
    query_string = request.GET.copy()
    for cursor in ("after", "before", "page"):
        query_string.pop(cursor, None)
    return render(
        request,
        "archive/victim_index.html",
        {
            "form": form,
            "page_obj": page,
            "victims": victims,
            "searched": bool(filters and filters.get("query")),
            "query_string": query_string.urlencode(),
            "meta": page_meta(
                gettext("Victims"),
                gettext(
                    "Search the victims of chemical attacks in Syria by name, in Arabic or Latin letters, or by "
                    "attack, place, year, sex and age."
                ),
            ),
        },
    )


def victim_detail(request, public_id):
    shown = selectors.victim_public(public_id)
    permanent_url = request.build_absolute_uri(reverse("archive:victim", args=[shown.public_id]))
    context = victim_page_context(shown, permanent_url=permanent_url)
    context["meta"] = replace(context["meta"], image=victim_share_image(request, shown))
    # Tributes a moderator approved, through their own public representation.
    context["tributes"] = tributes_for(shown.public_id)
    return render(request, "archive/victim_page.html", context)


def statistics(request):
    figures = statistics_for_display(archive_statistics(), get_language())
    meta = page_meta(
        gettext("Statistics"),
        gettext(
            "Published totals of the victims of chemical attacks in Syria, with their source, and counts drawn from "
            "the public records of this archive."
        ),
    )
    charts = statistics_charts(figures, "rtl" if get_language_bidi() else "ltr")
    return render(request, "archive/statistics.html", {"statistics": figures, "charts": charts, "meta": meta})
