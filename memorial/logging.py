"""Logging that never records who asked for what (design: logs hold no personal data)."""

import logging
import re

_QUERY_STRING = re.compile(r"\?[^\s\"]*")
_IPV4 = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")
_IPV6 = re.compile(r"(?<![\w:])[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\w:])")


def redact(text):
    """Strip query strings and IP addresses from a log line."""
    text = _QUERY_STRING.sub("", text)
    text = _IPV4.sub("[ip]", text)
    return _IPV6.sub("[ip]", text)


class NoPersonalDataFilter(logging.Filter):
    """Rewrites every record: no query strings, IP addresses or request objects reach a handler."""

    def filter(self, record):
        record.msg = redact(str(record.msg))
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in args)
        # Django attaches the request (headers, user agent, address) to error records.
        if hasattr(record, "request"):
            record.request = None
        return True
