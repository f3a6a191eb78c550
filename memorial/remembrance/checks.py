from django.core import checks

from PIL import features

from memorial.remembrance.share_cards import NASKH, SANS


@checks.register()
def share_cards_can_be_drawn(app_configs, **kwargs):
    """Share cards set Arabic names with Pillow's raqm layout, which needs libraqm and libfribidi at run time.
    Without them Pillow would lay Arabic out letter by letter, left to right: names printed unjoined and reversed.
    The site then serves its pages without share cards rather than broken ones; said at start-up, not at the
    first share."""
    errors = []
    missing = [name for name in ("raqm", "fribidi") if not features.check(name)]
    if missing:
        errors.append(
            checks.Warning(
                f"Pillow cannot shape Arabic text: {' and '.join(missing)} unavailable, so pages are served without "
                "share cards (Arabic would print unjoined and left to right).",
                hint="Install the system's FriBiDi library (Debian: apt-get install libfribidi0) and a Pillow with "
                "raqm support (the PyPI wheels bundle libraqm and HarfBuzz); then python -c "
                "\"from PIL import features; print(features.check('raqm'))\" prints True.",
                id="remembrance.W001",
            )
        )
    for path in (*NASKH.values(), *SANS.values()):
        if not path.is_file():
            errors.append(
                checks.Error(
                    f"The share cards' font {path} is missing.",
                    hint="It ships with the repository.",
                    id="remembrance.E002",
                )
            )
    return errors
