from django import template
from django.utils.formats import date_format

register = template.Library()

DATE_FORMATS = {"day": "j F Y", "month": "F Y", "year": "Y"}


@register.filter
def shown_date(victim):
    """A victim's public date, never more precise than its representation allows."""
    if not victim.date:
        return ""
    return date_format(victim.date, DATE_FORMATS[victim.date_precision])
