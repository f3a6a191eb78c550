from django import template
from django.utils.formats import date_format

from memorial.archive.models import Victim

register = template.Library()

DATE_FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


@register.filter
def shown_date(victim):
    """A victim's public date, never more precise than its representation allows."""
    if not victim.date:
        return ""
    return date_format(victim.date, DATE_FORMATS[victim.date_precision])


@register.filter
def age_group_label(code):
    """The translated label of an age-group code ("30-44" -> "30 to 44")."""
    return Victim.AgeGroup(code).label if code in Victim.AgeGroup.values else code
