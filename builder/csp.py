"""The Content-Security-Policy the site is built to run under (docs/security.md says how to serve it).

One home for the policy: the test server sends it with every response, and the publishing docs quote it.
The site needs no inline script or style and no eval: every script is a file of the site itself.
Embed pages (``/embed/…``) are meant to be framed by other sites, so they alone leave out
``frame-ancestors``; everything else in their policy is the same.
"""

from __future__ import annotations

from .routes import EMBED_PREFIX  # the one home of the embed pages' address (builder/routes.py)

BASE = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'")
POLICY = BASE + "; frame-ancestors 'self'"
EMBED_POLICY = BASE
# What a <meta http-equiv="Content-Security-Policy"> can carry: browsers ignore frame-ancestors there
# (and warn about it), so every page carries the rest in its <head> (overrides/main.html) and a host
# that can send headers adds frame-ancestors.
META_POLICY = BASE
__all__ = ["BASE", "EMBED_POLICY", "EMBED_PREFIX", "META_POLICY", "POLICY", "policy"]


def policy(url_path: str) -> str:
    """The policy for the response to ``url_path`` (a site-relative URL path)."""
    return EMBED_POLICY if url_path.startswith(EMBED_PREFIX) else POLICY
