"""What a public page says of itself to search engines and share previews: its title and a description, for
`<title>`, `<meta name="description">` and the Open Graph tags, with the share card image when the page has one
(`memorial.remembrance.share_cards`). Views build it from public values only; a Wagtail page gives the SEO title
and search description its editors wrote."""

from dataclasses import dataclass

from django.utils.translation import gettext


@dataclass(frozen=True)
class ShareImage:
    """The image a share preview shows (`og:image`): its absolute URL, its size and a text saying what it shows."""

    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    image: ShareImage | None = None


def page_meta(title, description="", image=None):
    """A page's title and description; the site's own description when the page has none of its own."""
    return PageMeta(title, description or site_description(), image)


def site_description():
    return gettext(
        "A remembrance archive of the victims of chemical attacks in Syria, in Arabic and English: the victims "
        "their families allow us to name, the attacks with their sources, and counts drawn from the records."
    )


def wagtail_page_meta(page):
    if page is None:
        return page_meta(gettext("Memorial"))
    return page_meta(page.seo_title or page.title, page.search_description)
