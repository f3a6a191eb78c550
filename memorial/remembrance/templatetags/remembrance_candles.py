"""The candle on a public page: `{% victim_candle victim %}` on a victim's page (its public representation),
`{% page_candle page %}` on a Wagtail page."""

from django import template

from memorial.remembrance.candles import page_candle_form, victim_candle_form

register = template.Library()


@register.inclusion_tag("remembrance/candle_form.html")
def victim_candle(shown):
    return {"candle": victim_candle_form(shown.public_id)}


@register.inclusion_tag("remembrance/candle_form.html")
def page_candle(page):
    return {"candle": page_candle_form(page)}
