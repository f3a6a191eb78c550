"""Sealed values at rest (P4): encrypted with MultiFernet, keys from the environment.

`MEMORIAL_SEALING_KEYS` holds comma-separated Fernet keys, newest first: values are written with the
first and read with any, so a new key is added in front, `manage.py rotate_keys` re-encrypts, and the old
key is then dropped. A value that cannot be read (no key, wrong key) comes back as `UNREADABLE`, never as
an exception: pages that only need public values keep working, and only the reveal screen says so.
"""

import json
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

PREFIX = "sealed:"


class SealingUnavailable(Exception):
    """No usable key is configured."""


class Unreadable(str):
    """A sealed value that this process cannot decrypt. Empty when printed; check `is_unreadable`."""

    def __new__(cls):
        return super().__new__(cls, "")


UNREADABLE = Unreadable()


def is_unreadable(value):
    return isinstance(value, Unreadable)


@cache
def sealer():
    keys = [key.strip() for key in (getattr(settings, "MEMORIAL_SEALING_KEYS", "") or "").split(",") if key.strip()]
    if not keys:
        raise SealingUnavailable("MEMORIAL_SEALING_KEYS is not set.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise SealingUnavailable("MEMORIAL_SEALING_KEYS holds a key that is not a Fernet key.") from error


@receiver(setting_changed)
def forget_keys(setting, **kwargs):
    if setting == "MEMORIAL_SEALING_KEYS":
        sealer.cache_clear()


def seal(text):
    return PREFIX + sealer().encrypt(text.encode()).decode()


def unseal(stored):
    if not stored.startswith(PREFIX):
        return stored
    try:
        return sealer().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except (SealingUnavailable, InvalidToken):
        return UNREADABLE


def reseal(stored):
    """The same value encrypted with the newest key (raises when it cannot be read)."""
    if not stored.startswith(PREFIX):
        return seal(stored) if stored else stored
    return PREFIX + sealer().rotate(stored.removeprefix(PREFIX).encode()).decode()


class SealedMixin:
    """Stores the value encrypted; empty values stay empty so "nothing given" needs no key."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return self.to_python(unseal(value))

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "" or is_unreadable(value):
            # An unreadable value is never written back over the ciphertext it came from.
            if is_unreadable(value):
                raise SealingUnavailable("Refusing to overwrite a sealed value that could not be read.")
            return value
        return seal(str(value))


class SealedCharField(SealedMixin, models.TextField):
    """Free text up to `max_length` characters in forms, stored encrypted (ciphertext is longer)."""

    def __init__(self, *args, max_length=None, **kwargs):
        self.form_max_length = max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.form_max_length:
            kwargs["max_length"] = self.form_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        plain = models.CharField(
            max_length=self.form_max_length, blank=self.blank, verbose_name=self.verbose_name, help_text=self.help_text
        )
        return plain.formfield(**kwargs)


class SealedTextField(SealedMixin, models.TextField):
    pass


class SealedDateField(SealedMixin, models.TextField):
    """A date stored as encrypted ISO text."""

    def to_python(self, value):
        return models.DateField().to_python(value) if value and not is_unreadable(value) else value

    def get_prep_value(self, value):
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        return super().get_prep_value(value)

    def formfield(self, **kwargs):
        plain = models.DateField(
            null=self.null, blank=self.blank, verbose_name=self.verbose_name, help_text=self.help_text
        )
        return plain.formfield(**kwargs)


class JSONWithSealedKeys(models.JSONField):
    """A JSON object of which the values under `sealed_keys` are private: each such value is stored as one sealed
    text (its JSON, encrypted as the sealed fields' values are), the rest as plain JSON. Code reads and writes
    plain values; an unreadable one comes back as `UNREADABLE` and is never written back. Rotation reseals
    the sealed values (`resealed_json`)."""

    def __init__(self, *args, sealed_keys=(), **kwargs):
        self.sealed_keys = tuple(sealed_keys)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sealed_keys"] = self.sealed_keys
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        if not isinstance(value, dict):
            return value
        opened = dict(value)
        for key in self.sealed_keys:
            stored = opened.get(key)
            if isinstance(stored, str) and stored.startswith(PREFIX):
                text = unseal(stored)
                opened[key] = text if is_unreadable(text) else json.loads(text)
        return opened

    def get_prep_value(self, value):
        if isinstance(value, dict):
            value = dict(value)
            for key in self.sealed_keys:
                if key not in value:
                    continue
                if is_unreadable(value[key]):
                    raise SealingUnavailable("Refusing to overwrite a sealed value that could not be read.")
                if not (isinstance(value[key], str) and value[key].startswith(PREFIX)):
                    value[key] = seal(json.dumps(value[key], ensure_ascii=False))
        return super().get_prep_value(value)


def resealed_json(field, stored):
    """`stored` (the field's JSON as it is in the database) with each sealed value encrypted with the newest
    key, and any value under a sealed key that was left in clear sealed; None when nothing is sealed there."""
    if not isinstance(stored, dict) or not any(key in stored for key in field.sealed_keys):
        return None
    resealed = dict(stored)
    for key in field.sealed_keys:
        if key in stored:
            value = stored[key]
            text = (
                value if isinstance(value, str) and value.startswith(PREFIX) else json.dumps(value, ensure_ascii=False)
            )
            resealed[key] = reseal(text)
    return resealed


def sealed_fields(model):
    return [field for field in model._meta.get_fields() if isinstance(field, SealedMixin)]


def sealed_json_fields(model):
    return [field for field in model._meta.get_fields() if isinstance(field, JSONWithSealedKeys)]
