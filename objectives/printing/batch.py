"""Batch export: every decision in force of an agency's subtree for a year, as one combined PDF and as a
ZIP of separate PDFs. Progress is written to the PrintBatch after each document; a document that fails is
recorded with its reason and the others carry on."""

from __future__ import annotations

import io
import logging
import tempfile
import zipfile
from collections.abc import Callable

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from pypdf import PdfWriter

from agencies.models import Agency
from agencies.permissions import Action, agencies_where
from objectives.models import Decision, PrintBatch
from objectives.printing.filenames import decision_filename
from objectives.printing.layout import decisions_for_print, document_title
from qms_portal.text import ascii_fold
from objectives.printing.pdf import render_decision_pdf

logger = logging.getLogger(__name__)
CHUNK = 25  # decisions loaded (with their objectives) at a time: bounded memory and 4 queries per chunk
ACTIVE = (PrintBatch.Status.QUEUED, PrintBatch.Status.RUNNING)


def batch_decisions(batch: PrintBatch) -> QuerySet[Decision]:
    """The decisions in force of the batch's subtree and year that the requester may print."""
    decisions = Decision.objects.in_force().for_year(batch.year).in_subtree(batch.agency)
    if batch.requested_by_id is not None:
        decisions = decisions.filter(agency__in=agencies_where(batch.requested_by, Action.PRINT))
    return decisions.order_by("agency__path", "number", "pk")


@transaction.atomic
def batch_create(*, agency: Agency, year: int, user=None) -> tuple[PrintBatch, bool]:
    """A new queued batch, or the one already waiting or running for this agency and year (and user)."""
    existing = (
        PrintBatch.objects.select_for_update()
        .filter(agency=agency, year=year, status__in=ACTIVE, requested_by=user)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing, False
    return PrintBatch.objects.create(agency=agency, year=year, requested_by=user), True


def batch_start(*, agency: Agency, year: int, user=None) -> PrintBatch:
    """Create the batch and hand it to the task worker (runs at once under the test backend)."""
    from objectives.tasks import export_print_batch

    batch, created = batch_create(agency=agency, year=year, user=user)
    if created:
        export_print_batch.enqueue(batch.pk)
        batch.refresh_from_db()
    return batch


def _label(decision: Decision) -> str:
    return f"{document_title(decision)} · {decision.agency.name}"


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{ext}"
    taken.add(candidate)
    return candidate


def run_batch(batch_id: int, *, render: Callable[[Decision], bytes] | None = None) -> PrintBatch:
    """Render every decision of the batch; save the combined PDF and the ZIP; record failures."""
    render = render or render_decision_pdf
    batch = PrintBatch.objects.select_related("agency", "requested_by").get(pk=batch_id)
    ids = list(batch_decisions(batch).values_list("pk", flat=True))
    PrintBatch.objects.filter(pk=batch.pk).update(status=PrintBatch.Status.RUNNING, total=len(ids), done=0, failures=[])
    failures: list[dict] = []
    done = 0
    names: set[str] = set()
    combined = PdfWriter()
    try:
        with tempfile.TemporaryFile() as zip_file, tempfile.TemporaryFile() as pdf_file:
            with zipfile.ZipFile(zip_file, "w", zipfile.ZIP_DEFLATED) as archive:
                for start in range(0, len(ids), CHUNK):
                    chunk = ids[start: start + CHUNK]
                    loaded = {d.pk: d for d in decisions_for_print().filter(pk__in=chunk)}
                    for pk in chunk:
                        decision = loaded.get(pk)
                        try:
                            if decision is None:
                                raise LookupError("the decision was deleted while the batch ran")
                            pdf = render(decision)
                            # Merging parses the PDF: a broken one fails here, before it reaches the ZIP.
                            combined.append(io.BytesIO(pdf), outline_item=_label(decision))
                            archive.writestr(_unique(ascii_fold(decision_filename(decision)), names), pdf)
                        except Exception as exc:  # one bad document must not stop the other 99
                            logger.exception("Batch %s: decision %s failed", batch.pk, pk)
                            failures.append({
                                "decision": pk,
                                "document": _label(decision) if decision is not None else str(pk),
                                "reason": f"{type(exc).__name__}: {exc}",
                            })
                        done += 1
                        PrintBatch.objects.filter(pk=batch.pk).update(done=done, failures=failures)
            rendered = done - len(failures)
            stem = f"{batch.year}_{ascii_fold(batch.agency.code)}_batch-{batch.pk}"
            if rendered:
                combined.write(pdf_file)
                pdf_file.seek(0)
                zip_file.seek(0)
                batch.pdf.save(f"{stem}.pdf", File(pdf_file), save=False)
                batch.zip.save(f"{stem}.zip", File(zip_file), save=False)
    except Exception as exc:
        logger.exception("Batch %s failed", batch.pk)
        failures.append({"decision": None, "document": "", "reason": f"{type(exc).__name__}: {exc}"})
        PrintBatch.objects.filter(pk=batch.pk).update(
            status=PrintBatch.Status.FAILED, failures=failures, finished_at=timezone.now()
        )
        raise
    finally:
        combined.close()
    PrintBatch.objects.filter(pk=batch.pk).update(
        status=PrintBatch.Status.DONE, done=done, failures=failures, pdf=batch.pdf.name or "", zip=batch.zip.name or "",
        finished_at=timezone.now(),
    )
    batch.refresh_from_db()
    return batch
