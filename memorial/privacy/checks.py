import json

from django.conf import settings
from django.core import checks
from django.core.cache.backends.locmem import LocMemCache
from django.core.files.storage import storages
from django.utils.module_loading import import_string

from memorial.privacy.sealing import SealingUnavailable, sealer


@checks.register(checks.Tags.security, deploy=True)
def sealing_keys_configured(app_configs, **kwargs):
    try:
        sealer()
    except SealingUnavailable as error:
        return [
            checks.Warning(
                str(error),
                hint="Set MEMORIAL_SEALING_KEYS: without it sealed identities cannot be revealed or written.",
                id="privacy.W001",
            )
        ]
    return []


@checks.register(checks.Tags.caches)
def caches_shared_by_every_process(app_configs, **kwargs):
    """A cache in one process's memory keeps what another process purged: after a withdrawal, the old counts
    it still serves tell a visitor that a record was withdrawn, and whose (P5, P9)."""
    return [
        checks.Error(
            f"CACHES[{alias!r}] keeps its entries in each process's memory: a purge made elsewhere never reaches it.",
            hint="Use the database cache (the default) or, in production, Redis (REDIS_URL).",
            id="privacy.E001",
        )
        for alias, cache in settings.CACHES.items()
        if issubclass(import_string(cache["BACKEND"]), LocMemCache)
    ]


@checks.register(checks.Tags.files)
def storages_deconstruct_to_json(app_configs, **kwargs):
    """Wagtail deletes an image's or rendition's file in a background task that receives the storage's
    deconstructed arguments as JSON. One that does not serialise (a Path location) fails that task after the
    rows are gone, so the files, sharp photos among them, would stay on disk for good."""
    errors = []
    for alias, config in settings.STORAGES.items():
        storage = storages.create_storage(config)
        try:
            json.dumps(storage.deconstruct())
        except (AttributeError, TypeError, ValueError) as error:
            errors.append(
                checks.Error(
                    f"The storage {alias!r} cannot be handed to a background task: {error}",
                    hint="Give its OPTIONS plain JSON values (a str location, not a pathlib.Path).",
                    obj=alias,
                    id="privacy.E002",
                )
            )
    return errors
