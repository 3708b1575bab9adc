"""Benchmark of the print layer (not a test): render time, warm, in one process, and peak memory for a
decision with 10 and with 60 objectives (list and table appendix), and for a batch of 100 decisions.

    .venv/bin/python bench/bench_print.py [--repeat 5] [--batch 100]

It builds its own data in a throw-away SQLite database and media folder (nothing touches db.sqlite3).
Peak memory is reported twice: the Python heap (tracemalloc; Pango and HarfBuzz allocate outside it) and
the whole process's peak resident set (ru_maxrss), which is what the 300 MB goal is about.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="qms-bench-print-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms_portal.settings_test")
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(SCRATCH / "media")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.STORAGES["default"]["OPTIONS"]["location"] = str(SCRATCH / "media")
settings.MEDIA_ROOT = SCRATCH / "media"

from pypdf import PdfReader  # noqa: E402

from agencies import services as agency_services  # noqa: E402
from agencies.models import AgencyKind  # noqa: E402
from agencies.permissions import SYSTEM  # noqa: E402
from objectives import services  # noqa: E402
from objectives.models import PrintBatch  # noqa: E402
from objectives.printing import decisions_for_print  # noqa: E402
from objectives.printing.batch import run_batch  # noqa: E402
from objectives.printing.pdf import render_decision_pdf  # noqa: E402


def peak_rss_mb() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / 1024 / (1024 if sys.platform == "darwin" else 1)


def objectives_data(count: int, *, sections: int) -> dict:
    def objective(i: int) -> dict:
        return {
            "content": f"Tỷ lệ hồ sơ thủ tục hành chính thuộc lĩnh vực số {i} được giải quyết đúng hạn và trước hạn, "
            f"được cập nhật đầy đủ trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.",
            "measures": "Trung tâm Phục vụ hành chính công theo dõi, nhắc việc hồ sơ sắp đến hạn; Văn phòng tổng hợp.",
            "timeframe": "Báo cáo hằng quý",
            "targets": [
                {
                    "comparator": ">=",
                    "value": "95",
                    "unit": "percent",
                    "label": f"Chỉ tiêu {i}",
                    "source_phrase": "Tối thiểu 95%",
                }
            ],
        }

    per = count // sections
    return {
        "sections": [
            {
                "title": f"Đối với nhóm đơn vị thứ {s + 1}:",
                "objectives": [objective(s * per + i + 1) for i in range(per)],
            }
            for s in range(sections)
        ]
    }


def make_decision(agency, *, objectives: int, form: str, number: int):
    data = {
        "appendix_form": form,
        "signer_name": "Lê Văn Minh",
        "signer_prefix": "KT.",
        "signer_authority": "CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        **objectives_data(objectives, sections=2),
    }
    decision = services.decision_build(user=SYSTEM, agency=agency, year=2026, data=data)
    services.decision_submit(user=SYSTEM, decision=decision)
    services.decision_approve(user=SYSTEM, decision=decision)
    return services.decision_issue(user=SYSTEM, decision=decision, number=number, issued_on=date(2026, 1, 9))


def time_render(decision, repeat: int) -> tuple[float, float, int, float]:
    """Median and max seconds of `repeat` warm renders, pages, and the Python heap peak in MB."""
    decision = decisions_for_print().get(pk=decision.pk)
    pdf = render_decision_pdf(decision)  # warm-up: fonts, stylesheet
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        pdf = render_decision_pdf(decision)
        times.append(time.perf_counter() - start)
    tracemalloc.start()  # one more render, traced apart: tracing slows Python down several times
    render_decision_pdf(decision)
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    return statistics.median(times), max(times), len(PdfReader(io.BytesIO(pdf)).pages), heap_peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    province = agency_services.agency_create(
        code="BENCH",
        name="Ủy ban nhân dân tỉnh Thử nghiệm",
        kind=AgencyKind.PROVINCE_COMMITTEE,
        symbol="UBND",
        place="Thử nghiệm",
        header_own="ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM",
    )
    communes = [
        agency_services.agency_create(
            code=f"BENCH-{i:03d}",
            name=f"Ủy ban nhân dân xã Thử Nghiệm {i}",
            kind=AgencyKind.COMMUNE_COMMITTEE,
            parent=province,
            symbol="UBND",
            place=f"Thử Nghiệm {i}",
            header_own=f"ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM {i}",
        )
        for i in range(max(args.batch, 4))
    ]

    print(
        f"# QMS Portal print benchmark · Python {platform.python_version()} · {os.cpu_count()} CPU · {platform.platform()}"
    )
    print(f"{'document':<38} {'pages':>5} {'median s':>9} {'max s':>7} {'py heap MB':>11} {'peak RSS MB':>12}")
    cases = [(10, "list"), (10, "table"), (60, "list"), (60, "table")]
    for index, (count, form) in enumerate(cases):
        decision = make_decision(communes[index], objectives=count, form=form, number=index + 1)
        median, worst, pages, heap = time_render(decision, args.repeat)
        label = f"decision, {count} objectives, {form} appendix"
        print(f"{label:<38} {pages:>5} {median:>9.3f} {worst:>7.3f} {heap:>11.1f} {peak_rss_mb():>12.1f}")

    build_start = time.perf_counter()
    for i, commune in enumerate(communes[len(cases) : args.batch], start=len(cases)):
        make_decision(commune, objectives=10, form="table" if i % 2 else "list", number=i + 1)
    built = time.perf_counter() - build_start
    batch = PrintBatch.objects.create(agency=province, year=2026)
    start = time.perf_counter()
    batch = run_batch(batch.pk)
    elapsed = time.perf_counter() - start
    size = (batch.pdf.size + batch.zip.size) / 2**20 if batch.pdf else 0
    label = f"batch of {batch.total} decisions (PDF + ZIP)"
    print(f"{label:<38} {'':>5} {elapsed:>9.1f} {'':>7} {'':>11} {peak_rss_mb():>12.1f}")
    print(
        f"(batch: {batch.done} done, {len(batch.failures)} failed, {size:.1f} MB written; building the data took {built:.0f} s)"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(SCRATCH, ignore_errors=True)
