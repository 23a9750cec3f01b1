"""Absolute links for mail and feeds, built from LMB_BASE_URL with or without a request."""

from urllib.parse import urlsplit

from flask import current_app


def absolute_url(endpoint: str, **values) -> str:
    """A link on LMB_BASE_URL, not on the host of whatever request happens to run."""
    base_url = current_app.config["BASE_URL"].rstrip("/")
    adapters = current_app.extensions.setdefault("lmb_url_adapters", {})
    adapter = adapters.get(base_url)
    if adapter is None:
        base = urlsplit(base_url)
        adapter = adapters[base_url] = current_app.url_map.bind(
            base.netloc, script_name=base.path or "/", url_scheme=base.scheme
        )
    return adapter.build(endpoint, values, force_external=True)
