"""Template tags for the parts of every page that are not content: language links and alternates."""

from django import template

from memorial.i18n import language_alternates

register = template.Library()


@register.simple_tag(takes_context=True)
def alternates(context):
    return language_alternates(context["request"], context.get("page"))
