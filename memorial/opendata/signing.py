"""The open-data signing key (Ed25519): the archive signs the manifest of its exports' digests, so a copy of a
file passed around can be checked against denial ("that list was made up") with the public key alone.

Production reads the private key from the environment (`MEMORIAL_OPENDATA_SIGNING_KEY`: the 32-byte private key,
base64). Development keeps one in a file outside git (`MEMORIAL_OPENDATA_SIGNING_KEY_FILE`, made on first use
when `MEMORIAL_OPENDATA_SIGNING_KEY_GENERATE` is on), so `make run` signs without any setup and the key stays
the same from one run to the next. Nothing here reads a record.
"""

import base64
import binascii
import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_BYTES = 32


def new_private_key_text():
    """A fresh private key as the environment variable holds it."""
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


def _from_text(text):
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ImproperlyConfigured("MEMORIAL_OPENDATA_SIGNING_KEY is not base64.") from error
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured("MEMORIAL_OPENDATA_SIGNING_KEY must hold 32 bytes (an Ed25519 private key).")
    return Ed25519PrivateKey.from_private_bytes(raw)


def _from_file(path, generate):
    path = Path(path)
    if not path.exists():
        if not generate:
            raise ImproperlyConfigured(f"The open-data signing key file {path} does not exist.")
        path.parent.mkdir(parents=True, exist_ok=True)
        # Readable by its owner only; created exclusively, so two processes starting at once keep one key.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(new_private_key_text() + "\n")
    return _from_text(path.read_text())


@cache
def _private_key(text, path, generate):
    if text:
        return _from_text(text)
    if path:
        return _from_file(path, generate)
    raise ImproperlyConfigured(
        "No open-data signing key: set MEMORIAL_OPENDATA_SIGNING_KEY (manage.py opendata_signing_key makes one)."
    )


def private_key():
    return _private_key(
        settings.MEMORIAL_OPENDATA_SIGNING_KEY,
        str(settings.MEMORIAL_OPENDATA_SIGNING_KEY_FILE or ""),
        settings.MEMORIAL_OPENDATA_SIGNING_KEY_GENERATE,
    )


def is_configured():
    try:
        private_key()
    except ImproperlyConfigured:
        return False
    return True


def sign(data):
    """The Ed25519 signature of `data` (64 bytes)."""
    return private_key().sign(data)


def public_key_pem():
    """The public key as `openssl` and `cryptography` read it (SubjectPublicKeyInfo, PEM)."""
    return (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def fingerprint(pem):
    """SHA-256 of the public key's DER bytes, grouped for reading aloud or comparing by eye."""
    key = serialization.load_pem_public_key(pem.encode())
    digest = hashlib.sha256(
        key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    ).hexdigest()
    return ":".join(digest[index : index + 4] for index in range(0, len(digest), 4))


def verifies(data, signature, pem):
    """Whether `signature` is the signature of `data` by the key `pem` (what a reader of the files checks)."""
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, Ed25519PublicKey):
        return False
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True
