"""The site's public address: every absolute link is built here, from the configured
BASE_URL, never from the Host header of the request that asked for it.

A link that leaves the request (a one-time password link handed to a volunteer, the verify
address printed on a certificate, an xAPI id kept for years in a learning record store, a
link in a CSV file) must point at the real site even when the request named another host,
or was not a request at all (the CLI).
"""

from urllib.parse import urlsplit

from flask import current_app


def base_url() -> str:
    """BASE_URL without a trailing slash, e.g. https://yorisoi.example.jp."""
    return current_app.config["BASE_URL"].rstrip("/")


def external_url(endpoint: str, _base: str | None = None, **values) -> str:
    """The absolute address of `endpoint` (as url_for names it) on the public site.

    `_base` replaces BASE_URL (the CLI's --base-url); `_anchor` adds a #fragment.
    """
    parts = urlsplit((_base or base_url()).rstrip("/"))
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
    )
    anchor = values.pop("_anchor", None)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url
