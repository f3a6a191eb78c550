"""Template tags for the parts of every page that are not content: language links and alternates, and the markup
that is the same on every page in a language."""

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language, get_language_bidi

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


@register.tag
def per_language(parser, token):
    """`{% per_language %}…{% endper_language %}`: markup that depends on the language alone (interface strings,
    fixed addresses, static files), rendered once per language and process and then served from memory. The header
    and footer of every page were a third of a short page's time, rendered again on each request.

    The contents see no variable of the page, only LANGUAGE_CODE and LANGUAGE_BIDI, so that nothing of one request
    can be kept and shown on another's page."""
    nodelist = parser.parse(("endper_language",))
    parser.delete_first_token()
    return PerLanguageNode(nodelist)


class PerLanguageNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered = {}

    def render(self, context):
        # The addresses also depend on the URLconf and the script prefix, which a process keeps (tests override them).
        key = (get_language(), get_language_bidi(), get_script_prefix(), get_urlconf(), context.autoescape)
        rendered = self.rendered.get(key)
        if rendered is None:
            own = template.Context({"LANGUAGE_CODE": key[0], "LANGUAGE_BIDI": key[1]}, autoescape=context.autoescape)
            with own.bind_template(context.template):
                rendered = self.rendered[key] = self.nodelist.render(own)
        return rendered
