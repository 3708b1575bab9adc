"""Rendering a batch's missing PDFs on several processes (issue 16): the batch's own process reads the database
and builds each decision's HTML; worker processes only lay it out with WeasyPrint (`html_to_pdf`, the slow
part) and send the bytes back, so they never touch the database or a transaction.

Workers come from a "forkserver" that has imported Django, the app and WeasyPrint once (this module is its
preload), so a new worker starts in milliseconds and no process is forked from the batch's process, which
runs threads (the lease heartbeat, the job reaper). The pool lives as long as one batch and is shut down at
its end, whatever way it ends; a worker whose parent died finds its task queue closed and exits. (This module
sits outside objectives.printing, whose package imports the models: the forkserver imports it before Django
is set up.)"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor


def _setup() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def processes() -> int:
    """How many processes a batch renders on: PRINT_BATCH_PROCESSES, or one per core available (0)."""
    from django.conf import settings

    configured = int(getattr(settings, "PRINT_BATCH_PROCESSES", 0) or 0)
    if configured > 0:
        return configured
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def html_to_pdf_job(html: str) -> bytes:
    """What a worker runs: the same call as a render in the batch's process, so the bytes are identical."""
    from objectives.printing.pdf import html_to_pdf

    return html_to_pdf(html)


def _init_worker() -> None:
    _setup()
    from objectives.printing import pdf  # noqa: F401 (WeasyPrint, fonts: once per worker, not per document)


def pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker)


# Imported by the forkserver as its preload: set Django up there once, so that every worker forked from it starts
# with the app and WeasyPrint loaded. In the batch's process Django is already set up and this only imports.
try:
    _setup()
    from objectives.printing import pdf  # noqa: F401
except Exception:  # never break the forkserver: the workers' initializer then reports the real error
    pass
