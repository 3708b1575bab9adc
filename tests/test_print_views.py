"""Print pages per persona: who may open the print page and download PDF/Word, file names, query counts, and
the signature and seal upload with its checks on the file's content."""

import io
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from test_print_pdf import build, issue, png, private_media, table_cells  # noqa: F401 (autouse fixture)

from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import PrintImage
from objectives.printing import print_image_delete, print_image_save

pytestmark = pytest.mark.django_db

PRINT_PAGES = ["print:decision", "print:decision-pdf", "print:appendix-pdf", "print:decision-docx"]
EXPECTED = {
    "anonymous": 302,
    "outsider": 404,
    "unit_head": 404,
    "editor": 200,
    "secretariat": 200,
    "leader": 200,
    "viewer": 200,
}


@pytest.fixture
def issued(tree):
    return issue(build(tree["commune"], form="table"), number=5)


@pytest.mark.parametrize("persona", list(EXPECTED))
@pytest.mark.parametrize("name", PRINT_PAGES)
def test_it_lets_only_people_who_may_print_the_agency_in(client_for, issued, persona, name):
    response = client_for(persona).get(reverse(name, args=[issued.pk]))
    assert response.status_code == EXPECTED[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_download_buttons_on_the_print_page(client_for, issued):
    page = client_for("editor").get(reverse("print:decision", args=[issued.pk])).content.decode()
    for name in PRINT_PAGES[1:]:
        assert reverse(name, args=[issued.pk]) in page
    assert 'style="' not in page and "<script>" not in page  # the CSP forbids inline style and script


def test_it_lets_the_editor_preview_a_draft(client_for, tree):
    draft = build(tree["commune"])
    response = client_for("editor").get(reverse("print:decision-pdf", args=[draft.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "DỰ THẢO" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


def test_it_downloads_at_once_with_an_ascii_and_a_unicode_file_name(client_for, issued):
    response = client_for("viewer").get(reverse("print:decision-pdf", args=[issued.pk]))
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="2026_PA_05-QD-UBND.pdf"')
    assert f"filename*=UTF-8''{quote('2026_PA_05-QĐ-UBND.pdf')}" in disposition
    appendix = client_for("viewer").get(reverse("print:appendix-pdf", args=[issued.pk]))
    assert '"2026_PA_05-QD-UBND_phu-luc.pdf"' in appendix["Content-Disposition"]
    word = client_for("viewer").get(reverse("print:decision-docx", args=[issued.pk]))
    assert word["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert '"2026_PA_05-QD-UBND.docx"' in word["Content-Disposition"] and word.content.startswith(b"PK")


def test_it_has_no_appendix_download_when_the_objectives_sit_in_article_1(client_for, tree):
    decision = build(tree["commune"], appendix=False)
    assert client_for("editor").get(reverse("print:appendix-pdf", args=[decision.pk])).status_code == 404
    page = client_for("editor").get(reverse("print:decision", args=[decision.pk])).content.decode()
    assert reverse("print:appendix-pdf", args=[decision.pk]) not in page


def test_it_renders_the_print_page_with_a_fixed_number_of_queries(client_for, tree, django_assert_max_num_queries):
    small = build(tree["commune"], year=2025, objectives=2)
    big = build(tree["commune"], year=2026, objectives=40)
    client = client_for("editor")
    client.get(reverse("print:decision", args=[small.pk]))
    with django_assert_max_num_queries(10) as captured:
        client.get(reverse("print:decision", args=[small.pk]))
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert client.get(reverse("print:decision", args=[big.pk])).status_code == 200


def test_it_downloads_a_big_decision_with_a_fixed_number_of_queries(client_for, tree, django_assert_max_num_queries):
    small = build(tree["commune"], year=2025, objectives=2)
    big = build(tree["commune"], year=2026, objectives=40)
    client = client_for("editor")
    with django_assert_max_num_queries(12) as captured:
        client.get(reverse("print:decision-pdf", args=[small.pk]))
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert client.get(reverse("print:decision-pdf", args=[big.pk])).status_code == 200


# --- signature and seal images ------------------------------------------------------------------------------------

IMAGE_ACCESS = {
    "anonymous": 302,
    "outsider": 404,
    "unit_head": 404,
    "editor": 403,
    "viewer": 403,
    "secretariat": 200,
    "leader": 200,
}


def english(client):
    """Messages are checked in English so that the tests survive the Vietnamese catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, agency, data: bytes, *, kind="signature", name="Lê Văn Minh", filename="chu-ky.png"):
    return client.post(
        reverse("print:images", args=[agency.pk]),
        {"kind": kind, "signer_name": name, "image": SimpleUploadedFile(filename, data, content_type="image/png")},
    )


@pytest.mark.parametrize("persona", list(IMAGE_ACCESS))
def test_it_lets_only_the_secretariat_and_leaders_manage_images(client_for, tree, persona):
    client = client_for(persona)
    assert client.get(reverse("print:images", args=[tree["commune"].pk])).status_code == IMAGE_ACCESS[persona]
    response = upload(client, tree["commune"], png())
    assert response.status_code == (302 if IMAGE_ACCESS[persona] == 200 else IMAGE_ACCESS[persona])
    assert PrintImage.objects.exists() == (IMAGE_ACCESS[persona] == 200)


def test_it_stores_a_transparent_png_and_replaces_it_on_the_next_upload(
    client_for, tree, django_capture_on_commit_callbacks
):
    client = client_for("secretariat")
    assert upload(client, tree["commune"], png()).status_code == 302
    first = PrintImage.objects.get()
    with django_capture_on_commit_callbacks() as after_commit:
        assert upload(client, tree["commune"], png(320, 170)).status_code == 302
    image = PrintImage.objects.get()
    assert image.pk == first.pk and image.image.name != first.image.name
    # The replaced file stays until the new row is committed (a rollback would still find it) ...
    assert image.image.storage.exists(first.image.name)
    for callback in after_commit:
        callback()
    # ... and goes then.
    assert not image.image.storage.exists(first.image.name)
    served = client.get(reverse("print:image", args=[image.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert client_for("editor").get(reverse("print:image", args=[image.pk])).status_code == 403
    assert client_for("outsider").get(reverse("print:image", args=[image.pk])).status_code == 404


@pytest.mark.parametrize(
    "data, message",
    [
        (b"GIF89a not a png at all", "not a PNG"),
        (png(alpha=False), "no transparent background"),
        (png()[:-30], "damaged"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024), "too large"),
    ],
)
def test_it_refuses_files_that_are_not_transparent_pngs(client_for, tree, data, message):
    response = upload(english(client_for("leader")), tree["commune"], data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PrintImage.objects.exists()


def test_it_asks_for_the_signer_name_of_a_signature(client_for, tree):
    response = upload(english(client_for("leader")), tree["commune"], png(), name="")
    assert response.status_code == 200
    assert "Enter the signer&#x27;s name exactly as it is printed under the signature." in response.content.decode()
    assert upload(client_for("leader"), tree["commune"], png(), kind="seal", name="").status_code == 302
    assert PrintImage.objects.get().signer_name == ""


def test_it_deletes_an_image(client_for, tree, django_capture_on_commit_callbacks):
    client = client_for("leader")
    upload(client, tree["commune"], png())
    image = PrintImage.objects.get()
    assert client_for("editor").post(reverse("print:image-delete", args=[image.pk])).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("print:image-delete", args=[image.pk])).status_code == 302
    assert not PrintImage.objects.exists() and not image.image.storage.exists(image.image.name)


def test_it_keeps_the_seal_and_signature_services_to_the_secretariat_and_leaders(tree, personas):
    # The services check on their own (a view, a command or a shell calling them directly).
    with pytest.raises(PermissionDenied):
        print_image_save(
            agency=tree["commune"], kind=PrintImage.Kind.SEAL, signer_name="", data=png(), user=personas["editor"]
        )
    with pytest.raises(TypeError):
        print_image_save(agency=tree["commune"], kind=PrintImage.Kind.SEAL, signer_name="", data=png(), user=None)
    seal = print_image_save(
        agency=tree["commune"], kind=PrintImage.Kind.SEAL, signer_name="", data=png(), user=personas["leader"]
    )
    assert seal.uploaded_by == personas["leader"]
    with pytest.raises(PermissionDenied):
        print_image_delete(image=seal, user=personas["viewer"])
    assert PrintImage.objects.filter(pk=seal.pk).exists()


def test_it_tells_the_print_page_which_images_will_be_placed(client_for, tree):
    decision = issue(build(tree["commune"], signer_name="Lê Văn Minh"))
    upload(client_for("leader"), tree["commune"], png())
    page = client_for("leader").get(reverse("print:decision", args=[decision.pk])).content.decode()
    assert "Lê Văn Minh" in page and "?images=0" in page
    assert reverse("print:images", args=[tree["commune"].pk]) in page


def test_it_prints_the_document_in_vietnamese_whatever_the_interface_language(client_for, tree):
    decision = issue(
        services.decision_build(
            user=SYSTEM,
            agency=tree["commune"],
            year=2026,
            data={
                "appendix_form": "table",
                "objectives": [
                    {
                        "content": "Hồ sơ giải quyết đúng hạn.",
                        "targets": [{"comparator": ">=", "value": "97", "unit": "percent"}],
                    }
                ],
            },
        )
    )
    response = english(client_for("editor")).get(reverse("print:decision-pdf", args=[decision.pk]))
    with translation.override("vi"):
        expected = str(decision.objectives.get().targets.get())  # the target as the Vietnamese catalogue words it
    assert expected in table_cells(response.content)
