"""Print once (issue 16): an issued decision's downloads are rendered once, stored (model StoredRender) and
served from storage by the download views and the batches.

- An issued decision is frozen by the database (qms_portal.dbguards), so what it prints can only change with
  the printing code, templates, stylesheet, fonts and libraries (`render_version()`, a fingerprint of those
  files, computed once per process) or with what prints besides the decision: the agency's name in the
  file's metadata and the signature and seal images (`inputs_key()`, one query). Both are stored with each
  file; a difference in either makes the stored file stale, and the next request renders, replaces and
  serves it.
- A stored file that is missing, unreadable or whose SHA-256 differs from the recorded one is rendered
  again, never a 500.
- Rendering is deterministic (no clock, no random id in the PDF or the Word file), so a stored file is
  byte-identical to a fresh render of the same version.
- Drafts are never stored: they change until issued.
- Stored renders are unsigned; the agency's digital signature (objectives.signing) is applied on top at export.

`decision_issue` queues `objectives.tasks.store_renders` after its commit (setting PRINT_STORE_AT_ISSUE), so
the first download of a new decision is already served from storage."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from agencies.permissions import SYSTEM, Action, require
from objectives.models import Decision, PrintImage
from objectives.printing.stored_models import RenderKind, StoredRender
from qms_portal.audit import service

logger = logging.getLogger(__name__)

# Bump by hand for a change the fingerprint cannot see (say, a setting that alters the output).
RENDER_FORMAT = 1
# What the output depends on, relative to the project folder: every file under a folder counts.
RENDER_SOURCES = (
    "objectives/printing/layout.py",
    "objectives/printing/images.py",
    "objectives/printing/pdf.py",
    "objectives/printing/docx.py",
    "objectives/printing/docx_parts.py",
    "objectives/documents.py",
    "objectives/models.py",  # target phrases (str(target))
    "qms_portal/vnformat.py",
    "templates/print",
    "static/print",
    "static/fonts/liberation-serif",
    "locale/vi/LC_MESSAGES/django.po",  # target phrases are gettext
)
RENDER_LIBRARIES = ("weasyprint", "pydyf", "python-docx", "fonttools", "Pillow")
EXTENSIONS = {RenderKind.DOCX: "docx"}
PDF_KINDS = (RenderKind.PDF, RenderKind.PDF_PLAIN, RenderKind.APPENDIX)


@cache
def render_version() -> str:
    """Fingerprint of the printing code, templates, stylesheet, fonts and library versions."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256(f"format {RENDER_FORMAT}\n".encode())
    for library in RENDER_LIBRARIES:
        try:
            digest.update(f"{library} {metadata.version(library)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} -\n".encode())
    for source in RENDER_SOURCES:
        path = base / source
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(base)).encode() + b"\0")
            digest.update(file.read_bytes() if file.exists() else b"-")
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Inputs:
    key: str  # fingerprint of what prints besides the frozen decision
    has_images: bool  # a signature or seal would be placed (a PDF without images then differs)


def _image_rows(decision: Decision) -> list[tuple]:
    signer = Q(kind=PrintImage.Kind.SIGNATURE, signer_name=decision.signer_name) if decision.signer_name else Q(pk=None)
    return list(
        PrintImage.objects.filter(agency_id=decision.agency_id)
        .filter(Q(kind=PrintImage.Kind.SEAL) | signer)
        .order_by("kind", "pk")
        .values_list("pk", "kind", "signer_name", "image", "uploaded_at")
    )


def inputs_key(decision: Decision, kind: str, *, images: list[tuple] | None = None) -> Inputs:
    """What a render of `kind` depends on besides the frozen decision and the code (at most one query)."""
    parts: list[object] = [kind, decision.agency.name]
    has_images = False
    if kind in PDF_KINDS:
        rows = _image_rows(decision) if images is None else images
        has_images = bool(rows)
        if kind != RenderKind.PDF_PLAIN:
            parts += [tuple(str(value) for value in row) for row in rows]
    return Inputs(hashlib.sha256(repr(parts).encode()).hexdigest()[:32], has_images)


def pdf_kind(decision: Decision, *, with_images: bool, images: list[tuple] | None = None) -> str:
    """The kind a PDF download serves: without images it is the same file as with them unless images exist."""
    if with_images:
        return RenderKind.PDF
    return (
        RenderKind.PDF_PLAIN if inputs_key(decision, RenderKind.PDF_PLAIN, images=images).has_images else RenderKind.PDF
    )


def kinds_for(decision: Decision) -> list[str]:
    """Every download an issued decision offers (the appendix alone only when it has one)."""
    kinds = [RenderKind.PDF, RenderKind.DOCX]
    if decision.appendix_title.strip():
        kinds.append(RenderKind.APPENDIX)
    if inputs_key(decision, RenderKind.PDF_PLAIN).has_images:
        kinds.append(RenderKind.PDF_PLAIN)
    return kinds


def render_fresh(decision: Decision, kind: str) -> bytes:
    """Render `kind` now (WeasyPrint or python-docx, imported on first use)."""
    if kind == RenderKind.DOCX:
        from objectives.printing.docx import render_decision_docx

        return render_decision_docx(decision)
    from objectives.printing.pdf import render_decision_pdf

    if kind == RenderKind.APPENDIX:
        return render_decision_pdf(decision, appendix_only=True)
    return render_decision_pdf(decision, with_images=kind == RenderKind.PDF)


def read_stored(row: StoredRender) -> bytes | None:
    """The stored bytes, or None when the file is missing, unreadable or not the one recorded."""
    try:
        with row.file.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        return None
    if hashlib.sha256(content).hexdigest() != row.sha256:
        return None
    return content


def current_row(decision: Decision, kind: str, inputs: Inputs) -> StoredRender | None:
    """The stored render of `kind` when it was made by this version from these inputs (one query)."""
    row = StoredRender.objects.filter(decision_id=decision.pk, kind=kind).first()
    if row is None or row.version != render_version() or row.inputs != inputs.key:
        return None
    return row


def stored_document(decision: Decision, kind: str, *, user) -> bytes:
    """What a download of `kind` serves: for an issued decision the stored file when current, else a fresh
    render that is stored for the next time; for a draft always a fresh render."""
    if not decision.is_issued:
        return render_fresh(decision, kind)
    inputs = inputs_key(decision, kind)
    row = current_row(decision, kind, inputs)
    if row is not None:
        content = read_stored(row)
        if content is not None:
            return content
        logger.warning("Stored render %s of decision %s is missing or damaged: rendering again", kind, decision.pk)
    content = render_fresh(decision, kind)
    store_quietly(decision, kind, content, inputs, user=user)
    return content


def store_quietly(decision: Decision, kind: str, content: bytes, inputs: Inputs, *, user) -> None:
    """Store a render; a failure (storage full, a parallel request storing the same) only logs: the caller
    has the bytes to serve."""
    try:
        stored_render_save(
            decision=decision, kind=kind, content=content, version=render_version(), inputs=inputs.key, user=user
        )
    except (OSError, IntegrityError, ValidationError):
        logger.warning("Could not store render %s of decision %s", kind, decision.pk, exc_info=True)


def _file_name(decision: Decision, kind: str, sha: str) -> str:
    return f"{decision.pk}-{kind}-{sha[:16]}.{EXTENSIONS.get(kind, 'pdf')}"


@service
def stored_render_save(
    *, decision: Decision, kind: str, content: bytes, version: str, inputs: str, user
) -> StoredRender:
    """Store (or replace) the render of `kind` of an issued decision; the replaced file goes on commit."""
    if user is None:
        raise TypeError("a service needs user=: the person acting, or agencies.permissions.SYSTEM for a job")
    if user is not SYSTEM:
        require(user, Action.PRINT, decision.agency)
    if not decision.is_issued:
        raise ValueError("Only issued decisions have stored renders.")
    sha = hashlib.sha256(content).hexdigest()
    row = StoredRender.objects.select_for_update().filter(decision_id=decision.pk, kind=kind).first()
    old_name = row.file.name if row is not None else ""
    row = row or StoredRender(decision=decision, kind=kind)
    row.file.save(_file_name(decision, kind, sha), ContentFile(content), save=False)
    new_name = row.file.name
    row.version, row.inputs, row.sha256, row.size = version, inputs, sha, len(content)
    row.rendered_at = timezone.now()
    try:
        row.full_clean(exclude=["decision", "file"])
        with transaction.atomic():
            row.save()
    except Exception:
        row.file.storage.delete(new_name)  # nothing refers to it
        raise
    if old_name and old_name != new_name:
        storage = row.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return row


def store_all(decision_id: int) -> list[str]:
    """Render and store every download of an issued decision that is not stored yet (what the task runs after
    `decision_issue` commits). Returns the kinds rendered."""
    from objectives.printing.layout import decisions_for_print

    decision = decisions_for_print().filter(pk=decision_id).first()
    if decision is None or not decision.is_issued:
        return []
    rendered = []
    for kind in kinds_for(decision):
        inputs = inputs_key(decision, kind)
        row = current_row(decision, kind, inputs)
        if row is not None and read_stored(row) is not None:
            continue
        store_quietly(decision, kind, render_fresh(decision, kind), inputs, user=SYSTEM)
        rendered.append(str(kind))
    return rendered
