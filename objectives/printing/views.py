"""Print pages: a decision's print page and downloads (PDF, appendix PDF, Word), batch export with its
progress bar, and the signature and seal images of an agency. Every view checks PRINT through
agencies.permissions (404 outside the user's reach, 403 when visible but not allowed)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies.models import Agency
from agencies.permissions import (
    SUBTREE_ROLES,
    Action,
    agencies_where,
    can,
    get_for_user,
    may_control_batch,
    memberships_of,
)
from objectives.models import Decision, PrintBatch, PrintImage, RenderKind
from objectives.printing import (
    PNG_MAX_BYTES,
    content_disposition,
    decision_filename,
    decisions_for_print,
    print_image_delete,
    print_image_save,
    read_png,
)
from objectives.printing.batch_services import batch_cancel, batch_retry, batch_start
from qms_portal.lazy import lazy_module
from qms_portal.refusals import WorkflowError, show_error

# The renderers (WeasyPrint, python-docx) load on the first render, not at start-up (WeasyPrint alone is 1.5 s
# and 54 MB per process); objectives.printing.stored imports them only when a file must be rendered.
stored_module = lazy_module("objectives.printing.stored")


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- one decision -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def decision_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The print page: what will be printed and the download buttons."""
    decision = get_for_user(
        request.user,
        Decision.objects.select_related("agency").annotate(objective_count=Count("objectives")),
        pk,
        Action.PRINT,
    )
    kinds = set(
        PrintImage.objects.filter(agency_id=decision.agency_id)
        .filter(Q(kind=PrintImage.Kind.SEAL) | Q(signer_name=decision.signer_name))
        .values_list("kind", flat=True)
    )
    return render(
        request,
        "print/page_decision.html",
        {
            "decision": decision,
            "has_appendix": bool(decision.appendix_title.strip()),
            "has_signature": PrintImage.Kind.SIGNATURE in kinds and bool(decision.signer_name),
            "has_seal": PrintImage.Kind.SEAL in kinds,
            "can_manage_images": _may_manage_images(request.user, decision.agency),
        },
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _decision_for_download(request: HttpRequest, pk: int) -> Decision:
    return get_for_user(request.user, decisions_for_print(), pk, Action.PRINT)


def _document(decision: Decision, kind: str, user) -> bytes:
    """Stored once for an issued decision (objectives.printing.stored), rendered each time for a draft."""
    return stored_module.stored_document(decision, kind, user=user)


@login_required
@require_GET
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Decision and appendix; ?images=0 leaves out the signature and seal (for printing on paper)."""
    decision = _decision_for_download(request, pk)
    kind = stored_module.pdf_kind(decision, with_images=request.GET.get("images") != "0")
    return _download(_document(decision, kind, request.user), decision_filename(decision), PDF)


@login_required
@require_GET
def appendix_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for_download(request, pk)
    if not decision.appendix_title.strip():
        raise Http404(_("This decision lists its objectives in Article 1 and has no appendix."))
    return _download(
        _document(decision, RenderKind.APPENDIX, request.user), decision_filename(decision, appendix_only=True), PDF
    )


@login_required
@require_GET
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for_download(request, pk)
    return _download(_document(decision, RenderKind.DOCX, request.user), decision_filename(decision, ext="docx"), DOCX)


# --- batches --------------------------------------------------------------------------------------------------


class BatchForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label=gettext_lazy("Agency and everything below it")
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_where(user, Action.BATCH_PRINT).order_by("path")
        self.fields["year"].initial = date.today().year


def _may_download_batch(user, batch: PrintBatch) -> bool:
    """The requester, or someone who may print every agency of the subtree (the batch may hold any of them)."""
    if batch.requested_by_id == user.pk:
        return True
    subtree = Agency.objects.subtree_of(batch.agency)
    return agencies_where(user, Action.PRINT).filter(path__startswith=batch.agency.path).count() == subtree.count()


def _batch_for_user(request: HttpRequest, pk: int) -> PrintBatch:
    """Checked at every view and download: the requester too must still be allowed to print the batch's agency
    (a user whose role was removed loses the batches they started)."""
    queryset = PrintBatch.objects.select_related("agency", "requested_by")
    batch = get_for_user(request.user, queryset, pk, Action.PRINT)
    if not _may_download_batch(request.user, batch):
        raise PermissionDenied
    return batch


@login_required
@require_http_methods(["GET", "POST"])
def batch_index(request: HttpRequest) -> HttpResponse:
    """Start a batch for a subtree and year; list the recent batches the user may open."""
    form = BatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        agency = get_for_user(request.user, Agency.objects.all(), form.cleaned_data["agency"].pk, Action.BATCH_PRINT)
        batch = batch_start(agency=agency, year=form.cleaned_data["year"], user=request.user)
        return redirect("print:batch", pk=batch.pk)
    # Listed: the user's own batches, and those of subtrees the user may print whole (subtree roles).
    visible = Q(requested_by=request.user, agency__in=agencies_where(request.user, Action.PRINT))
    for membership in memberships_of(request.user):
        if membership.role in SUBTREE_ROLES:
            visible |= Q(agency__path__startswith=membership.agency.path)
    if request.user.is_superuser:
        visible = Q()
    batches = PrintBatch.objects.filter(visible).select_related("agency", "requested_by").order_by("-created_at")[:20]
    may_start = request.user.is_superuser or agencies_where(request.user, Action.BATCH_PRINT).exists()
    return render(request, "print/page_batches.html", {"form": form, "batches": batches, "may_start": may_start})


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for_user(request, pk)
    return render(
        request, "print/page_batch.html", {"batch": batch, "may_control": may_control_batch(request.user, batch)}
    )


@login_required
@require_GET
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled by htmx every second until the batch ends."""
    batch = _batch_for_user(request, pk)
    return render(
        request, "print/_batch_progress.html", {"batch": batch, "may_control": may_control_batch(request.user, batch)}
    )


@login_required
@require_POST
def batch_control(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Retry a failed or cancelled batch, or cancel a waiting or running one (requester, secretariat, leader)."""
    batch = _batch_for_user(request, pk)
    service = {"retry": batch_retry, "cancel": batch_cancel}.get(step)
    if service is None:
        raise Http404
    if not may_control_batch(request.user, batch):
        raise PermissionDenied
    try:
        service(batch=batch, user=request.user)
    except (ValidationError, WorkflowError) as exc:
        show_error(request, exc)
    else:
        messages.success(
            request, _("The batch was started again.") if step == "retry" else _("The batch was cancelled.")
        )
    return redirect("print:batch", pk=batch.pk)


@login_required
@require_GET
def batch_file(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    batch = _batch_for_user(request, pk)
    field = {"pdf": batch.pdf, "zip": batch.zip}.get(kind)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except OSError:  # the file was removed from storage
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    return response


# --- signature and seal images ----------------------------------------------------------------------------------


def _may_manage_images(user, agency: Agency) -> bool:
    """The agency's ISO secretariat and leaders look after its seal and signatures."""
    return can(user, Action.SIGN_OFF, agency)


class PrintImageForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PrintImage.Kind.choices)
    signer_name = forms.CharField(
        label=gettext_lazy("Signer name"),
        max_length=120,
        required=False,
        help_text=gettext_lazy('For a signature: the name exactly as printed under it, e.g. "Lê Văn Minh".'),
    )
    image = forms.FileField(
        label=gettext_lazy("Image (transparent PNG)"),
        help_text=gettext_lazy(
            "PNG with a transparent background, at most 2 MB. The seal prints at its actual size when the file states its resolution."
        ),
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > PNG_MAX_BYTES:
            raise ValidationError(
                _("The image is too large (%(size)d KB); the limit is %(limit)d KB.")
                % {"size": upload.size // 1024, "limit": PNG_MAX_BYTES // 1024}
            )
        data = upload.read()
        read_png(data)
        return data


def _agency_for_images(request: HttpRequest, pk: int) -> Agency:
    agency = get_for_user(request.user, Agency.objects.all(), pk, Action.PRINT)
    if not _may_manage_images(request.user, agency):
        raise PermissionDenied
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def print_images(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency_for_images(request, pk)
    form = PrintImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            print_image_save(
                agency=agency,
                kind=form.cleaned_data["kind"],
                signer_name=form.cleaned_data["signer_name"],
                data=form.cleaned_data["image"],
                user=request.user,
            )
        except ValidationError as error:
            show_error(request, error, form)
        else:
            messages.success(request, _("The image has been saved."))
            return redirect("print:images", pk=agency.pk)
    images = PrintImage.objects.filter(agency=agency).select_related("uploaded_by").order_by("kind", "signer_name")
    return render(request, "print/page_images.html", {"agency": agency, "form": form, "images": images})


def _image_for_user(request: HttpRequest, pk: int) -> PrintImage:
    image = get_for_user(request.user, PrintImage.objects.select_related("agency"), pk, Action.PRINT)
    if not _may_manage_images(request.user, image.agency):
        raise PermissionDenied
    return image


@login_required
@require_GET
def print_image_file(request: HttpRequest, pk: int) -> FileResponse:
    image = _image_for_user(request, pk)
    try:
        handle = image.image.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def print_image_remove(request: HttpRequest, pk: int) -> HttpResponse:
    image = _image_for_user(request, pk)
    agency_pk = image.agency_id
    print_image_delete(image=image, user=request.user)
    messages.success(request, _("The image has been deleted."))
    return redirect("print:images", pk=agency_pk)
