"""Report evidence and corrective action evidence share one abstract model (reports.evidence.EvidenceFile):
the same fields, the same checks by content, the same way a checked upload becomes a row; each keeps its own
table, constraint and upload folder, so that no migration was needed (test_project checks that the models
match the migrations)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.actions.models import ActionEvidence
from reports.evidence import EvidenceFile, check_upload
from reports.models import Evidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHARED = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


def describe(model, name):
    field = model._meta.get_field(name)
    return (type(field).__name__, str(field.verbose_name), field.max_length, field.null)


def test_both_models_take_their_fields_and_checks_from_the_shared_base():
    for model in (Evidence, ActionEvidence):
        assert issubclass(model, EvidenceFile) and model.clean is EvidenceFile.clean
        assert model._meta.ordering == ["uploaded_at", "id"]
        for name in [*SHARED, "file"]:
            assert describe(model, name) == describe(Evidence, name), (model, name)
    assert Evidence._meta.get_field("file").max_length == 200
    assert Evidence._meta.db_table == "reports_evidence" and ActionEvidence._meta.db_table == "reports_actionevidence"
    assert [c.name for c in Evidence._meta.constraints] == ["evidence_not_empty"]
    assert [c.name for c in ActionEvidence._meta.constraints] == ["action_evidence_not_empty"]


def test_the_upload_folders_stay_apart_and_never_use_the_users_name(tree):
    from reports.actions.models import action_evidence_upload_to
    from reports.models import Report, evidence_upload_to

    report = Report(agency=tree["unit"], year=2026, period="Q3")
    name = evidence_upload_to(Evidence(report=report, content_type="application/pdf"), "../../x.html")
    assert name.startswith("reports/2026/") and name.endswith(".pdf") and "x" not in name.split("/")[-1][:-4]
    name = action_evidence_upload_to(ActionEvidence(content_type="image/png"), "a.exe")
    assert name.startswith("actions/") and name.endswith(".png")


def test_a_row_that_fails_the_checks_is_refused_before_its_file_is_stored(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("bien-ban.pdf", PDF)
    assert check_upload(upload) == "application/pdf"
    # a type the content check would never give (e.g. a caller that skipped it) is refused by the model too
    with pytest.raises(ValidationError) as refused:
        ActionEvidence.from_upload(upload, "text/html", uploaded_by=None, action=None)
    assert list(refused.value.message_dict) == ["files"]
    assert "bien-ban.pdf" in " ".join(refused.value.message_dict["files"])
    assert not any(tmp_path.rglob("*.*"))
    empty = ActionEvidence(original_name="rỗng.pdf", content_type="application/pdf", size=0)
    with pytest.raises(ValidationError) as refused:
        empty.clean()
    assert "size" in refused.value.message_dict
