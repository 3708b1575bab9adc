"""Print once (issue 16, item 5): an issued decision's downloads are rendered once at issue, stored, and served
from storage; the stored bytes are those of a fresh render; a new render version, new images, a missing or
damaged file lead to a new render, never to a 500; batches use the stored files and render what is missing
on several processes."""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import time
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader
from test_print_pdf import build, issue, png, private_media  # noqa: F401 (autouse fixture)

from agencies.permissions import SYSTEM
from objectives import render_pool
from objectives.models import PrintBatch, PrintImage, RenderKind, StoredRender
from objectives.printing import batch as batch_module
from objectives.printing import decisions_for_print, print_image_save, stored
from objectives.printing.batch_services import batch_start

pytestmark = pytest.mark.django_db
ALL_KINDS = {RenderKind.PDF, RenderKind.APPENDIX, RenderKind.DOCX}


@pytest.fixture
def at_issue(settings):
    settings.PRINT_STORE_AT_ISSUE = True


def issue_and_store(django_capture_on_commit_callbacks, decision, **options):
    """Issue, then run what the commit queues (the immediate task backend renders at once)."""
    with django_capture_on_commit_callbacks(execute=True):
        issued = issue(decision, **options)
    return decisions_for_print().get(pk=issued.pk)


def stored_bytes(decision, kind) -> bytes:
    row = StoredRender.objects.get(decision=decision, kind=kind)
    with row.file.open("rb") as handle:
        return handle.read()


def forbid_rendering(monkeypatch):
    """Any render from now on fails the test: what is served must come from storage."""

    def refuse(*args, **kwargs):
        raise AssertionError("rendered although a stored file exists")

    monkeypatch.setattr(stored, "render_fresh", refuse)
    monkeypatch.setattr(batch_module, "render_decision_pdf", refuse)
    monkeypatch.setattr("objectives.printing.pdf.html_to_pdf", refuse)
    monkeypatch.setattr("objectives.printing.docx.render_decision_docx", refuse)


def test_issuing_stores_every_download_byte_identical_to_a_fresh_render(
    tree, at_issue, django_capture_on_commit_callbacks, monkeypatch
):
    decision = issue_and_store(django_capture_on_commit_callbacks, build(tree["commune"], form="table"), number=5)
    rows = {row.kind: row for row in StoredRender.objects.filter(decision=decision)}
    assert set(rows) == ALL_KINDS  # no images: the PDF without images is the same file as the PDF
    # A fresh render an hour "later" (python-docx stamps ZIP entries with the clock): the same bytes.
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)
    for kind, row in rows.items():
        content = stored_bytes(decision, kind)
        assert content == stored.render_fresh(decision, kind), kind
        assert (row.sha256, row.size) == (hashlib.sha256(content).hexdigest(), len(content))
        assert row.version == stored.render_version() and len(row.version) == 32
    assert stored_bytes(decision, RenderKind.PDF).startswith(b"%PDF-")
    info = PdfReader(io.BytesIO(stored_bytes(decision, RenderKind.PDF))).metadata
    assert info.creation_date.date() == info.modification_date.date() == decision.issued_on  # not the clock
    word = zipfile.ZipFile(io.BytesIO(stored_bytes(decision, RenderKind.DOCX)))
    assert {entry.date_time for entry in word.infolist()} == {(2026, 1, 9, 0, 0, 0)}
    # History for the writes, credited to the system.
    assert StoredRender.history.filter(history_type="+").count() == 3


def test_a_draft_is_never_stored(client_for, tree):
    draft = build(tree["commune"])
    assert client_for("editor").get(reverse("print:decision-pdf", args=[draft.pk])).status_code == 200
    assert not StoredRender.objects.exists()


def test_downloads_serve_the_stored_bytes_without_rendering(
    client_for, tree, at_issue, django_capture_on_commit_callbacks, monkeypatch
):
    decision = issue_and_store(django_capture_on_commit_callbacks, build(tree["commune"], form="table"), number=5)
    forbid_rendering(monkeypatch)
    client = client_for("viewer")
    for name, kind in (
        ("print:decision-pdf", RenderKind.PDF),
        ("print:appendix-pdf", RenderKind.APPENDIX),
        ("print:decision-docx", RenderKind.DOCX),
    ):
        response = client.get(reverse(name, args=[decision.pk]))
        assert response.status_code == 200, name
        assert response.content == stored_bytes(decision, kind)
        assert "attachment" in response["Content-Disposition"]
    plain = client.get(reverse("print:decision-pdf", args=[decision.pk]) + "?images=0")
    assert plain.content == stored_bytes(decision, RenderKind.PDF)  # no images exist: the same file


def test_permission_checks_come_first_and_render_nothing(
    client_for, tree, at_issue, django_capture_on_commit_callbacks, monkeypatch
):
    decision = issue_and_store(django_capture_on_commit_callbacks, build(tree["commune"]), number=5)
    StoredRender.objects.all().delete()
    forbid_rendering(monkeypatch)
    for persona, status in (("outsider", 404), ("unit_head", 404), ("anonymous", 302)):
        for name in ("print:decision-pdf", "print:appendix-pdf", "print:decision-docx"):
            assert client_for(persona).get(reverse(name, args=[decision.pk])).status_code == status
    assert not StoredRender.objects.exists()


def test_a_new_render_version_replaces_the_stored_file(
    client_for, tree, at_issue, django_capture_on_commit_callbacks, monkeypatch
):
    decision = issue_and_store(django_capture_on_commit_callbacks, build(tree["commune"]), number=5)
    old = StoredRender.objects.get(decision=decision, kind=RenderKind.PDF)
    monkeypatch.setattr(stored, "render_version", lambda: "f" * 32)
    calls = []
    real = stored.render_fresh
    monkeypatch.setattr(stored, "render_fresh", lambda d, k: calls.append(k) or real(d, k))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("editor").get(reverse("print:decision-pdf", args=[decision.pk]))
    assert response.status_code == 200 and calls == [RenderKind.PDF]
    new = StoredRender.objects.get(decision=decision, kind=RenderKind.PDF)
    assert (new.pk, new.version) == (old.pk, "f" * 32)
    assert response.content == stored_bytes(decision, RenderKind.PDF)
    # Same code, same bytes: the file name (from the hash) is the same, so the old file is the new one.
    assert new.sha256 == old.sha256
    assert StoredRender.history.filter(id=old.pk, history_type="~").count() == 1
    # The next download is served from storage again.
    calls.clear()
    client_for("editor").get(reverse("print:decision-pdf", args=[decision.pk]))
    assert calls == []


def test_the_render_version_follows_the_print_templates(settings, tmp_path):
    template = tmp_path / "templates" / "print" / "decision.html"
    template.parent.mkdir(parents=True)
    template.write_text("<p>Điều 1.</p>", encoding="utf-8")
    settings.BASE_DIR = tmp_path
    try:
        stored.render_version.cache_clear()
        first = stored.render_version()
        stored.render_version.cache_clear()
        assert stored.render_version() == first  # nothing changed
        template.write_text("<p>Điều 1:</p>", encoding="utf-8")
        stored.render_version.cache_clear()
        assert stored.render_version() != first
    finally:
        stored.render_version.cache_clear()


def test_new_signature_images_make_the_stored_pdf_stale(client_for, tree, at_issue, django_capture_on_commit_callbacks):
    decision = issue_and_store(django_capture_on_commit_callbacks, build(tree["commune"]), number=5)
    before = stored_bytes(decision, RenderKind.PDF)
    assert not any(page.images for page in PdfReader(io.BytesIO(before)).pages)
    print_image_save(user=SYSTEM, agency=tree["commune"], kind=PrintImage.Kind.SEAL, signer_name="", data=png(400, 400))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("editor").get(reverse("print:decision-pdf", args=[decision.pk]))
        plain = client_for("editor").get(reverse("print:decision-pdf", args=[decision.pk]) + "?images=0")
    assert any(page.images for page in PdfReader(io.BytesIO(response.content)).pages)
    assert response.content == stored_bytes(decision, RenderKind.PDF) != before
    # Without images: its own stored file now, the same as the PDF before the seal existed.
    assert plain.content == stored_bytes(decision, RenderKind.PDF_PLAIN) == before
    assert not default_storage.exists(f"renders/{decision.issued_on:%Y}/never")  # (sanity: storage is the test's)


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_missing_or_damaged_file_is_rendered_again(
    client_for, tree, at_issue, django_capture_on_commit_callbacks, damage
):
    decision = issue_and_store(django_capture_on_commit_callbacks, build(tree["commune"]), number=5)
    good = stored_bytes(decision, RenderKind.DOCX)
    row = StoredRender.objects.get(decision=decision, kind=RenderKind.DOCX)
    if damage == "missing":
        row.file.storage.delete(row.file.name)
    else:
        with open(row.file.path, "wb") as handle:
            handle.write(b"PK\x03\x04 not a word file")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("editor").get(reverse("print:decision-docx", args=[decision.pk]))
    assert response.status_code == 200 and response.content == good
    assert stored_bytes(decision, RenderKind.DOCX) == good  # stored again


@pytest.fixture
def pair(tree):
    """Two issued 2026 decisions in xã Phước An's subtree, and one outside it (never in its batches)."""
    issue(build(tree["other_commune"]), number=2)
    return [issue(build(tree["commune"]), number=15), issue(build(tree["unit"], form="table"), number=3)]


def batch_files(batch) -> dict[str, bytes]:
    batch.refresh_from_db()
    with batch.zip.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
        return {name: archive.read(name) for name in sorted(archive.namelist())}


def test_a_batch_uses_the_stored_files(tree, pair, monkeypatch):
    for decision in pair:
        stored.store_all(decision.pk)
    forbid_rendering(monkeypatch)
    batch = batch_start(agency=tree["commune"], year=2026, user=SYSTEM)
    assert (batch.status, batch.done, batch.failures) == ("done", 2, [])
    assert sorted(batch_files(batch).values()) == sorted(stored_bytes(d, RenderKind.PDF) for d in pair)


def test_a_batch_renders_what_is_missing_on_several_processes_and_stores_it(tree, pair, settings, monkeypatch):
    settings.PRINT_BATCH_PROCESSES = 2
    pools = []
    real_pool = render_pool.pool
    monkeypatch.setattr(render_pool, "pool", lambda workers: pools.append(workers) or real_pool(workers))
    # Only the worker processes may render: this process must not.
    monkeypatch.setattr(batch_module, "render_decision_pdf", forbidden)
    batch = batch_start(agency=tree["commune"], year=2026, user=SYSTEM)
    assert (batch.status, batch.done, batch.failures) == ("done", 2, [])
    assert pools == [2]
    assert multiprocessing.active_children() == []  # the pool was shut down with the batch
    monkeypatch.undo()
    for decision in pair:
        content = stored_bytes(decision, RenderKind.PDF)
        assert content == stored.render_fresh(decision, RenderKind.PDF)  # rendered elsewhere, same bytes
    assert sorted(batch_files(batch).values()) == sorted(stored_bytes(d, RenderKind.PDF) for d in pair)
    assert PrintBatch.objects.get().lease_owner == ""


def forbidden(*args, **kwargs):
    raise AssertionError("rendered in the batch's process")


def test_seed_scale_builds_decisions_that_print_like_the_samples(db):
    from reports.scale import build as build_scale

    build_scale(units=2, year=2026, prefix="PRT")
    decision = decisions_for_print().filter(agency__code="PRT").get()
    assert (
        len(decision.articles) == 4
        and decision.signer_name
        and decision.appendix_title == "MỤC TIÊU CHẤT LƯỢNG NĂM 2026"
    )
    assert [s.title for s in decision.sections.all()] == [
        "Đối với Ủy ban nhân dân tỉnh mẫu PRT",
        "Đối với các bộ phận chuyên môn",
    ]
    objectives = list(decision.objectives.all())
    assert len(objectives) == 14 and all(o.section_id and o.measures and o.timeframe for o in objectives)
    assert objectives[0].content.startswith("Hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn. Chỉ tiêu:")
    phrases = [t.source_phrase for t in objectives[0].targets.all()]
    assert phrases == ["Tối thiểu 98%", "Tối thiểu 30%"]
    pdf = stored.render_fresh(decision, RenderKind.PDF)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 3
    assert decision.appendix_form == "list"  # the province's (then a table, a list, ... by agency)
    for words in (
        "Điều 4.",
        "Căn cứ Luật Tổ chức chính quyền địa phương",
        "Chỉ tiêu: đúng hạn tối thiểu 98%; trước hạn tối thiểu 30%.",
        "II. Đối với các bộ phận",
    ):
        assert words in " ".join(text.split()), words
