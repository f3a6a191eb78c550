"""Template tags for the parts of every page that are not content: language links and alternates."""

from django import template

from memorial.i18n import language_alternates
from memorial.meta import wagtail_page_meta

register = template.Library()


@register.simple_tag(takes_context=True)
def alternates(context):
    return language_alternates(context["request"], context.get("page"))


@register.simple_tag(takes_context=True)
def wagtail_meta(context):
    """Title and description of a Wagtail page, for templates whose view gives no `meta` of its own."""
    return wagtail_page_meta(context.get("page"))
