"""The document part of a decision's page, kept once rendered for an issued decision (issue 16, lean pages).

An issued decision never changes: the services refuse to edit it, an amendment is a new decision, and the
admin is read-only. So the preview of its text (templates/objectives/_document.html) and what the document
check reads of its content (`doccheck.objective_rows`) are kept in Django's cache, keyed by

- the decision's row version (`updated_at`: a change of status, a scan or a number gives a new key),
- the language of the page,
- a fingerprint of the templates and code that produce them (a deploy with a changed template misses).

A hit spares the three content queries (sections, objectives, targets) and the rendering of the document.
Drafts and submitted decisions are read and rendered on every request, as they can change at any time.
"""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from objectives import doccheck, selectors
from objectives.models import Decision

TEMPLATE = "objectives/_document.html"
# What the kept document is made from, besides the decision itself.
SOURCES = (
    "templates/objectives/_document.html",
    "templates/objectives/_document_objectives.html",
    "qms_portal/templatetags/vn.py",
    "objectives/documents.py",
    "objectives/targets.py",
    "objectives/selectors.py",
    "objectives/doccheck.py",
    "objectives/issued_page.py",
)
TIMEOUT = 7 * 24 * 3600  # seconds; a missed entry is only rendered again


@dataclass(frozen=True)
class Document:
    html: SafeString
    objectives: list[tuple[bool, int]]  # doccheck.objective_rows


def version() -> str:
    """Fingerprint of SOURCES: computed once per process, or on every call in development (DEBUG), where a
    template is edited without a restart."""
    return _fingerprint() if settings.DEBUG else _cached_fingerprint()


def _fingerprint() -> str:
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for source in SOURCES:
        digest.update(source.encode() + b"\0" + (base / source).read_bytes())
    return digest.hexdigest()[:16]


_cached_fingerprint = cache(_fingerprint)


def cache_key(decision: Decision) -> str:
    stamp = decision.updated_at.isoformat() if decision.updated_at else "-"
    return f"qms:issued-page:{decision.pk}:{stamp}:{get_language()}:{version()}"


def render(decision: Decision) -> Document:
    """The decision read with its content (`selectors.read_content`): its document part, rendered now."""
    html = render_to_string(TEMPLATE, {"decision": decision, "blocks": selectors.objective_blocks(decision)})
    return Document(mark_safe(html), doccheck.objective_rows(decision))


def document(decision: Decision) -> Document:
    """The document part of an issued decision read by `selectors.decision_for_page`: from the cache, or read,
    rendered and kept."""
    key = cache_key(decision)
    kept = shared_cache.get(key)
    if kept is not None:
        html, objectives = kept
        return Document(mark_safe(html), [tuple(row) for row in objectives])
    fresh = render(selectors.read_content(decision))
    shared_cache.set(key, (str(fresh.html), fresh.objectives), TIMEOUT)
    return fresh
