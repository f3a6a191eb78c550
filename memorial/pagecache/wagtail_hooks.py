"""A Wagtail page served from the page cache depends on that page (its candles purge it, store.py)."""

from wagtail import hooks

from memorial.pagecache import store


@hooks.register("before_serve_page")
def depends_on_the_page(page, request, serve_args, serve_kwargs):
    store.depends_on(request, store.page(page.pk))
