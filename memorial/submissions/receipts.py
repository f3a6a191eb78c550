"""Form tokens, receipt codes and the keyed hashes they are stored as.

Every submission form carries a signed token: a random value (128 bits) and the time the form was served. The
token gives the form its minimum fill time, its photo staging area and its idempotency key (a double submit
carries the same token, so it finds the submission the first one made), and the family's receipt code is
derived from it with a server key. The code itself is never stored: the submission keeps only a keyed hash of
it (HMAC-SHA256), so a copy of the database alone neither reveals nor lets anyone test a code. Deriving the code
from the token lets the answer to a double submit show the same code again, instead of a second page without it
(the browser shows the family only the last answer).

The key is `MEMORIAL_RECEIPT_KEY` when set (production reads it from the environment), otherwise one derived
from SECRET_KEY; each use has its own purpose string, so a hash made for one use never matches another.
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core import signing

# Crockford's base32 without I, L, O, U: no letter is taken for a digit, and the code reads the same aloud.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 6
GROUP_LENGTH = 4
# 24 symbols of 5 bits: 120 bits, more than the 100 a code must carry.
CODE_BITS = CODE_GROUPS * GROUP_LENGTH * 5
TOKEN_SALT = "memorial.submissions.form-token"  # noqa: S105 - a signing salt, not a secret
# Typed codes are read leniently: lower case, spaces, dashes, the look-alike letters and Arabic-Indic digits
# (a phone's Arabic keyboard types them) are forgiven.
LOOK_ALIKES = str.maketrans(
    {"O": "0", "I": "1", "L": "1"}
    | {chr(0x0660 + digit): str(digit) for digit in range(10)}
    | {chr(0x06F0 + digit): str(digit) for digit in range(10)}
)


def secret_key():
    configured = getattr(settings, "MEMORIAL_RECEIPT_KEY", "")
    if configured:
        return configured.encode()
    return hashlib.sha256(b"memorial.submissions.receipt-key:" + settings.SECRET_KEY.encode()).digest()


def keyed_hash(purpose, value):
    """HMAC-SHA256 of `value` for `purpose`, as 64 hex digits."""
    return hmac.new(secret_key(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def new_form_token():
    """A signed token for a freshly served form: a random value and the time it was served."""
    return signing.dumps({"v": secrets.token_urlsafe(16), "t": int(time.time())}, salt=TOKEN_SALT, compress=False)


def read_form_token(signed, *, max_age):
    """(value, seconds since the form was served) of a token this site signed, or None when it is not one of
    ours, is damaged or is older than `max_age` seconds."""
    try:
        payload = signing.loads(signed or "", salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("v"), str) or not isinstance(payload.get("t"), int):
        return None
    return payload["v"], max(0, int(time.time()) - payload["t"])


def receipt_code(token_value):
    """The receipt code that belongs to a form token: 120 bits, in six groups of four."""
    digest = int.from_bytes(hmac.new(secret_key(), f"receipt:{token_value}".encode(), hashlib.sha256).digest())
    symbols = []
    for _ in range(CODE_GROUPS * GROUP_LENGTH):
        digest, index = divmod(digest, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return "-".join("".join(symbols[i : i + GROUP_LENGTH]) for i in range(0, len(symbols), GROUP_LENGTH))


def normalise_code(typed):
    """A typed code in the form it was issued, or "" when it cannot be one."""
    compact = "".join(ch for ch in (typed or "").upper() if ch.isalnum()).translate(LOOK_ALIKES)
    if len(compact) != CODE_GROUPS * GROUP_LENGTH or any(ch not in ALPHABET for ch in compact):
        return ""
    return "-".join(compact[i : i + GROUP_LENGTH] for i in range(0, len(compact), GROUP_LENGTH))


def receipt_hash(code):
    """What a submission stores of its receipt code."""
    return keyed_hash("receipt", code)


def idempotency_key(token_value):
    return keyed_hash("idempotency", token_value)


def staging_key(token_value):
    return keyed_hash("staging", token_value)
