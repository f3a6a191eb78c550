"""Remembrance on pages that are not remembrance pages: the navigation's link to the index, the home page's
campaign and "on this day", and an attack record's anniversary pages. Values only, never records."""

from django import template

from memorial.remembrance import campaigns

register = template.Library()


@register.simple_tag
def remembrance_index_url():
    return campaigns.remembrance_index_url()


@register.simple_tag
def home_remembrance():
    return campaigns.home_remembrance()


@register.simple_tag
def anniversary_pages(attack):
    return campaigns.anniversary_pages(attack)
