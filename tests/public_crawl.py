"""Every public page of a seeded archive, reached as a visitor would: from both home pages and the sitemap,
following every same-site link, each listing page and a name search included. Tests that must hold on every
public surface (valid HTML, no private object in a template context) walk this crawl, so a new public page is
covered as soon as something links to it."""

import io
import json
import re
from collections import deque
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.core.management import call_command
from django.test.utils import ContextList

from bs4 import BeautifulSoup

START = (
    "/ar/",
    "/en/",
    "/sitemap.xml",
    "/ar/victims/?q=%D9%85%D8%AD%D9%85%D8%AF",
    "/en/victims/?q=Mohammad",
    "/en/no-such-page/",
    # The public API: its JSON links lead to every list page and record it answers for.
    "/api/v1/",
    "/api/v1/docs/",
    "/api/v1/victims/?q=Mohammad",
    "/api/v1/victims/no-such-id/",
)
NOT_PUBLIC = ("/admin/", "/static/", "/media/", "/healthz")
# Filters and sort orders multiply into thousands of addresses over the same templates: one page of each kind
# is followed; only pagination (the API's page numbers, the site's cursors) and search are followed in full.
FOLLOWED_QUERY = re.compile(r"^(page=\d+|(q=[^&]*)?&?((after|before)=\w+|page=\d+)?)$")


@dataclass
class CrawledPage:
    path: str
    status: int
    content_type: str
    body: bytes
    contexts: list


def seed_archive(victims=60):
    call_command("load_demo", victims=victims, stdout=io.StringIO())


def json_strings(value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [found for item in value for found in json_strings(item)]
    return [value] if isinstance(value, str) else []


def links_of(page):
    if page.content_type.startswith("application/json"):
        # The API's links are absolute; the crawl follows those to this site.
        site = "http://testserver/"
        return [f"/{link.removeprefix(site)}" for link in json_strings(json.loads(page.body)) if link.startswith(site)]
    if page.content_type.startswith("application/xml"):
        found = re.findall(rb"<loc>([^<]+)</loc>", page.body) + re.findall(rb'href="([^"]+)"', page.body)
        return [urlsplit(link.decode()).path for link in found]
    soup = BeautifulSoup(page.body, "html.parser")
    return [tag["href"] for tag in soup.find_all(href=True)]


def followed(link):
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(NOT_PUBLIC) or not FOLLOWED_QUERY.match(parts.query):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, limit=2000):
    """The public pages reachable from START, each fetched once, with the template contexts it rendered."""
    seen, queue, pages = set(START), deque(START), []
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        contexts = response.context if isinstance(response.context, ContextList) else [response.context]
        # Downloads (the open-data files) are streamed: their bodies are checked like any page's.
        # Read to its end, which closes a streamed file (the test client then closes the response).
        body = b"".join(response.streaming_content) if response.streaming else response.content
        page = CrawledPage(
            path, response.status_code, response.get("Content-Type", ""), body, [c for c in contexts if c]
        )
        pages.append(page)
        if response.status_code != 200 or not page.content_type.startswith(
            ("text/html", "application/xml", "application/json")
        ):
            continue
        for link in links_of(page):
            target = followed(urljoin(path, link))
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return pages
