"""The open-data page, its downloads, and the citation downloads of each record. Victims are read through the
archive's selectors and cited from their public representation; the files hold only that (exports.py)."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from memorial.archive import selectors
from memorial.meta import page_meta
from memorial.opendata import exports, signing
from memorial.opendata.citations import attack_citation, bibtex, csl_json, victim_citation

PUBLIC_KEY_FILE = "memorial-open-data.pem"
RETRY_SECONDS = 60
CSL_TYPE = "application/vnd.citationstyles.csl+json; charset=utf-8"
BIBTEX_TYPE = "application/x-bibtex; charset=utf-8"


def _downloads():
    labels = {
        "victims.csv": gettext("Victims, CSV"),
        "victims.json": gettext("Victims, JSON"),
        "attacks.csv": gettext("Attacks, CSV"),
        "attacks.json": gettext("Attacks, JSON"),
        exports.MANIFEST: gettext("Manifest: licence, counts and digests (JSON)"),
        exports.SUMS: gettext("SHA-256 digests of the files"),
        exports.SIGNATURE: gettext("Ed25519 signature of the digests"),
    }
    return [
        {"name": name, "label": label, "url": reverse("opendata:download", args=[name])}
        for name, label in labels.items()
    ]


def open_data(request):
    pem = signing.public_key_pem() if signing.is_configured() else ""
    build = exports.fresh_build()
    return render(
        request,
        "opendata/open_data.html",
        {
            "downloads": _downloads(),
            "licence": exports.LICENCE,
            "public_key": pem,
            "fingerprint": signing.fingerprint(pem) if pem else "",
            "public_key_url": reverse("opendata:public_key"),
            "public_key_file": PUBLIC_KEY_FILE,
            "manifest": build.manifest if build else None,
            # Column names of the files, set as code in the page's sentences.
            "columns": {
                key: format_html('<code dir="ltr">{}</code>', name)
                for key, name in {
                    "id": "external_id",
                    "source": "source",
                    "source_value": exports.SOURCE,
                    "place": "place_policy",
                    "name": "name_policy",
                }.items()
            },
            "meta": page_meta(
                gettext("Open data"),
                gettext(
                    "Download the public records of the archive as CSV or JSON under an open licence, signed so "
                    "that any copy can be checked; how to cite them, and what is withheld and why."
                ),
            ),
        },
    )


def download(request, name):
    """One file of the current build, streamed from disk. While the files are being rebuilt after a change, a
    503 asks to come back: older files may hold what the public may no longer see."""
    if name not in exports.SERVED:
        raise Http404
    build = exports.served_build()
    if build is None:
        response = render(
            request,
            "opendata/rebuilding.html",
            {"meta": page_meta(gettext("The open-data files are being rebuilt"))},
            status=503,
        )
        response["Retry-After"] = str(RETRY_SECONDS)
        return response
    response = FileResponse(
        open(build.file(name), "rb"),  # noqa: SIM115 (FileResponse closes it once sent)
        as_attachment=True,
        filename=name,
        content_type=exports.SERVED[name],
    )
    # Revalidated every time: a copy kept by a proxy may hold a name withheld since (P5).
    response["Cache-Control"] = "no-cache"
    return response


def public_key(request):
    if not signing.is_configured():
        raise Http404
    response = HttpResponse(signing.public_key_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="{PUBLIC_KEY_FILE}"'
    return response


def _reference(citation, form):
    if form == "bibtex":
        body, content_type, extension = bibtex(citation), BIBTEX_TYPE, "bib"
    else:
        body, content_type, extension = csl_json(citation), CSL_TYPE, "json"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{citation.key}.{extension}"'
    return response


def victim_reference(request, public_id, form):
    shown = selectors.victim_public(public_id)
    url = request.build_absolute_uri(reverse("archive:victim", args=[shown.public_id]))
    return _reference(victim_citation(shown, get_language(), url), form)


def attack_reference(request, key, form):
    attack = selectors.attack_public(key)
    url = request.build_absolute_uri(reverse("archive:attack", args=[attack.key]))
    return _reference(attack_citation(attack, get_language(), url), form)
