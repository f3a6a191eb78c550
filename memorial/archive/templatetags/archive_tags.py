from django import template

from memorial.archive import display

register = template.Library()

# The rules live in display; templates reach them as filters.
register.filter("grouped", display.grouped)
register.filter("shown_date", display.shown_date)
register.filter("age_group_label", display.age_group_label)
register.filter("grouped", display.grouped)
