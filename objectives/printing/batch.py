"""Batch export: every decision in force of an agency's subtree for a year, as one combined PDF and as a
ZIP of separate PDFs. Progress is written to the PrintBatch after each document; a document that fails is
recorded with its reason and the others carry on. The batch is a leased job (qms_portal.jobs): every write
is conditional on holding the lease, so a cancelled or taken-over batch stops without overwriting anything,
and every way out (an error, a second SIGTERM, SIGKILL) leaves it done, failed, queued again or recoverable.
This module does the work only; starting, retrying and cancelling are in batch_services."""

from __future__ import annotations

import io
import logging
import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from django.core.files import File
from django.db.models import QuerySet
from django.utils import timezone
from pypdf import PdfWriter

from agencies.permissions import SYSTEM, Action, agencies_where
from objectives import render_pool
from objectives.models import Decision, PrintBatch
from objectives.printing.filenames import decision_filename
from objectives.printing.layout import decisions_for_print, document_title
from objectives.printing.pdf import decision_html, render_decision_pdf
from objectives.printing.stored import Inputs, current_row, inputs_key, read_stored, store_quietly
from objectives.printing.stored_models import RenderKind, StoredRender
from objectives.signing.selectors import active_certificate
from qms_portal import jobs
from qms_portal.text import ascii_fold

logger = logging.getLogger(__name__)
CHUNK = 25  # decisions loaded (with their objectives) at a time: bounded memory and 4 queries per chunk


class _Stopped(Exception):
    """The lease is gone (the batch was cancelled, or another worker took it over): stop quietly."""


def batch_decisions(batch: PrintBatch) -> QuerySet[Decision]:
    """The decisions in force of the batch's subtree and year that the requester may print."""
    decisions = Decision.objects.in_force().for_year(batch.year).in_subtree(batch.agency)
    if batch.requested_by_id is not None:
        decisions = decisions.filter(agency__in=agencies_where(batch.requested_by, Action.PRINT))
    return decisions.order_by("agency__path", "number", "pk")


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


def _render_one(decision: Decision) -> bytes:
    """Signed with the agency's certificate when it has one (a signing failure fails this document), else plain."""
    from objectives.signing.server_sign import export_pdf

    return export_pdf(decision, plain=render_decision_pdf)


@dataclass
class _Plan:
    """How one document of the batch is obtained: its stored file, a render (here or on a worker process,
    then stored), or a call (signed export, or the `render` a caller passed)."""

    decision: Decision
    stored: StoredRender | None = None
    inputs: Inputs | None = None
    call: Callable[[Decision], bytes] | None = None
    future: Future | None = None


def _plan(decision: Decision, render) -> _Plan:
    if render is not None:
        return _Plan(decision, call=render)
    if decision.is_issued and active_certificate(decision.agency) is not None:
        return _Plan(decision, call=_render_one)  # signed on top of a render with the signature's place
    inputs = inputs_key(decision, RenderKind.PDF)
    plan = _Plan(decision, stored=current_row(decision, RenderKind.PDF, inputs), inputs=inputs)
    return plan


def _produce(plan: _Plan) -> bytes:
    """The document's PDF: stored, else rendered (on a worker when one was given the job) and stored."""
    decision = plan.decision
    if plan.call is not None:
        return plan.call(decision)
    if plan.stored is not None:
        content = read_stored(plan.stored)
        if content is not None:
            return content
        logger.warning("Stored render of decision %s is missing or damaged: rendering again", decision.pk)
    try:
        content = plan.future.result() if plan.future is not None else render_decision_pdf(decision)
    except BrokenProcessPool:  # a worker process died (out of memory?): this process renders it instead
        content = render_decision_pdf(decision)
    store_quietly(decision, RenderKind.PDF, content, plan.inputs, user=SYSTEM)
    return content


def _dispatch(plans: list[_Plan], pool_holder: list) -> None:
    """Hand the renders of this chunk to the worker processes (when there are several and several renders)."""
    missing = [plan for plan in plans if plan.call is None and plan.stored is None]
    workers = render_pool.processes()
    if workers < 2 or len(missing) < 2:
        return  # rendered in this process, one after the other, as they come
    if not pool_holder:
        pool_holder.append(render_pool.pool(workers))
    for plan in missing:
        try:
            html = decision_html(plan.decision)
        except Exception:  # rendered (and so failed, with its reason) in this process when its turn comes
            continue
        plan.future = pool_holder[0].submit(render_pool.html_to_pdf_job, html)


def run_batch(batch_id: int, *, render: Callable[[Decision], bytes] | None = None) -> PrintBatch:
    """Claim the queued batch, render every decision, save the combined PDF and the ZIP, record failures.
    A batch that is not queued (cancelled, or already taken by another worker) is left alone."""
    owner = jobs.new_owner()
    if not jobs.claim(PrintBatch, batch_id, owner):
        return PrintBatch.objects.get(pk=batch_id)
    failures: list[dict] = []
    try:
        with jobs.Heartbeat(PrintBatch, batch_id, owner) as heartbeat:
            _render_all(batch_id, owner, render, heartbeat, failures)
    except _Stopped:
        logger.info("Batch %s: stopped (cancelled or taken over)", batch_id)
    except Exception as exc:
        logger.exception("Batch %s failed", batch_id)
        failures.append({"decision": None, "document": "", "reason": f"{type(exc).__name__}: {exc}"})
        jobs.held(PrintBatch, batch_id, owner).update(
            status=PrintBatch.Status.FAILED,
            failures=failures,
            finished_at=timezone.now(),
            lease_owner="",
            lease_expires_at=None,
            stop_reason=jobs.StopReason.ERROR,
        )
        raise
    except BaseException:
        # SystemExit (a second SIGTERM) or KeyboardInterrupt: the worker is going away. Hand the batch back to
        # the queue now rather than leave it to the lease running out.
        jobs.requeue_or_fail(PrintBatch, batch_id, expected_owner=owner, reason=jobs.StopReason.WORKER_STOPPED)
        raise
    return PrintBatch.objects.get(pk=batch_id)


def _render_all(batch_id: int, owner: str, render, heartbeat: jobs.Heartbeat, failures: list[dict]) -> None:
    batch = PrintBatch.objects.select_related("agency", "requested_by").get(pk=batch_id)
    ids = list(batch_decisions(batch).values_list("pk", flat=True))
    mine = jobs.held(PrintBatch, batch_id, owner)
    if not mine.update(total=len(ids), done=0, failures=[]):
        raise _Stopped
    done = 0
    names: set[str] = set()
    combined = PdfWriter()
    pool_holder: list = []  # the worker processes, started on the first chunk with renders to share
    try:
        with tempfile.TemporaryFile() as zip_file, tempfile.TemporaryFile() as pdf_file:
            with zipfile.ZipFile(zip_file, "w", zipfile.ZIP_DEFLATED) as archive:
                for start in range(0, len(ids), CHUNK):
                    chunk = ids[start : start + CHUNK]
                    loaded = {d.pk: d for d in decisions_for_print().filter(pk__in=chunk)}
                    plans: dict[int, _Plan | Exception] = {}
                    for pk, decision in loaded.items():
                        try:
                            plans[pk] = _plan(decision, render)
                        except Exception as exc:
                            plans[pk] = exc
                    _dispatch([p for p in plans.values() if isinstance(p, _Plan)], pool_holder)
                    for pk in chunk:
                        decision = loaded.get(pk)
                        try:
                            if decision is None:
                                raise LookupError("the decision was deleted while the batch ran")
                            if isinstance(plans[pk], Exception):
                                raise plans[pk]
                            pdf = _produce(plans[pk])
                            # Merging parses the PDF: a broken one fails here, before it reaches the ZIP.
                            combined.append(io.BytesIO(pdf), outline_item=_label(decision))
                            archive.writestr(_unique(ascii_fold(decision_filename(decision)), names), pdf)
                        except Exception as exc:  # one bad document must not stop the other 99
                            logger.exception("Batch %s: decision %s failed", batch_id, pk)
                            failures.append(
                                {
                                    "decision": pk,
                                    "document": _label(decision) if decision is not None else str(pk),
                                    "reason": f"{type(exc).__name__}: {exc}",
                                }
                            )
                        done += 1
                        if heartbeat.lost.is_set() or not mine.update(done=done, failures=failures):
                            raise _Stopped
            rendered = done - len(failures)
            stem = f"{batch.year}_{ascii_fold(batch.agency.code)}_batch-{batch.pk}"
            if rendered:
                combined.write(pdf_file)
                pdf_file.seek(0)
                zip_file.seek(0)
                batch.pdf.save(f"{stem}.pdf", File(pdf_file), save=False)
                batch.zip.save(f"{stem}.zip", File(zip_file), save=False)
    finally:
        combined.close()
        for executor in pool_holder:  # whatever way the batch ends, no worker process outlives it
            executor.shutdown(wait=True, cancel_futures=True)
    finished = mine.update(
        status=PrintBatch.Status.DONE,
        done=done,
        failures=failures,
        pdf=batch.pdf.name or "",
        zip=batch.zip.name or "",
        finished_at=timezone.now(),
        lease_owner="",
        lease_expires_at=None,
    )
    if not finished:  # cancelled while the files were written: they belong to nobody
        for name in filter(None, (batch.pdf.name, batch.zip.name)):
            batch.pdf.storage.delete(name)
        raise _Stopped
