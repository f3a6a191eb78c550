"""`{% cite_this record permanent_url %}`: the "Cite this record" section of a victim's or an attack's page."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from memorial.opendata.citations import attack_citation, victim_citation
from memorial.privacy.representation import PublicVictim

register = template.Library()


@register.inclusion_tag("opendata/includes/cite.html")
def cite_this(record, permanent_url):
    """Nothing without a permanent address (the admin preview of a record cites nothing). A victim is cited from
    its public representation only."""
    if not permanent_url:
        return {"citation": None}
    language = get_language()
    if isinstance(record, PublicVictim):
        citation = victim_citation(record, language, permanent_url)
        names = ("opendata:victim_csl", "opendata:victim_bibtex")
    else:
        citation = attack_citation(record, language, permanent_url)
        names = ("opendata:attack_csl", "opendata:attack_bibtex")
    csl, bib = (reverse(name, args=[citation.id]) for name in names)
    return {"citation": citation, "csl_url": csl, "bibtex_url": bib}
