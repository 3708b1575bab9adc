"""Views of the import of an existing decision: paste or upload, a side-by-side preview to correct, save as a draft."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agencies.permissions import Action, check
from objectives import selectors
from objectives.forms import ImportPreviewForm, ImportSourceForm, join_articles, split_articles
from objectives.importer import messages as msg
from objectives.importer import service as importing
from qms_portal.refusals import WorkflowError, show_error


def _preview_initial(parsed: dict, result, agency) -> tuple[dict, int]:
    data = importing.build_data(parsed, agency=agency, reference=result.appendix_reference)
    initial = {
        "agency": agency.pk,
        "year": parsed.get("year"),
        "legal_bases_text": "\n".join(data["legal_bases"]),
        "articles_text": join_articles(data["articles"]),
        "recipients_text": "\n".join(data["recipients"]),
        **{
            k: data[k]
            for k in (
                "header_parent",
                "header_own",
                "symbol",
                "place",
                "doc_type",
                "summary",
                "authority",
                "proposal",
                "signer_prefix",
                "signer_authority",
                "signer_title",
                "signer_name",
                "appendix_title",
                "appendix_reference",
            )
        },
    }
    objectives = parsed.get("objectives") or []
    for i, objective in enumerate(objectives):
        initial.update(
            {
                f"obj-{i}-include": True,
                f"obj-{i}-section": objective.get("section") or "",
                f"obj-{i}-content": objective.get("content") or "",
                f"obj-{i}-measures": objective.get("measures") or "",
                f"obj-{i}-responsibility": objective.get("responsibility") or "",
                f"obj-{i}-timeframe": objective.get("timeframe") or "",
                f"obj-{i}-targets": "\n".join(t.get("source") or "" for t in objective.get("targets") or []),
                f"obj-{i}-parsed": json.dumps(objective.get("targets") or [], ensure_ascii=False),
            }
        )
    initial["objective_count"] = len(objectives)
    return initial, len(objectives)


def _line_marks(result, lines: list[str]) -> list[dict]:
    """Each source line with the parsed fields it fed, and whether it was left unparsed."""
    fed: dict[int, list[str]] = {}
    for key, numbers in result.spans.items():
        for number in numbers:
            fed.setdefault(number, []).append(key)
    unparsed = set(result.unparsed_lines)
    return [
        {"number": n, "text": text, "fields": fed.get(n, []), "unparsed": n in unparsed}
        for n, text in enumerate(lines, start=1)
    ]


def _render_preview(request, form, result, text: str) -> HttpResponse:
    groups = form.objective_groups()
    return render(
        request,
        "objectives/import_preview.html",
        {
            "form": form,
            "result": result,
            "lines": _line_marks(result, text.splitlines()),
            "groups": groups,
            "no_objectives": "" if groups else msg.render(msg.NO_OBJECTIVES_HELP),
        },
    )


@login_required
def decision_import(request: HttpRequest) -> HttpResponse:
    agencies = selectors.agency_choices_for_new_decision(request.user)
    if not agencies.exists():
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("step") == "save":
        return _save(request, agencies)
    form = ImportSourceForm(
        request.POST or None, request.FILES or None, agencies=agencies, initial={"agency": request.GET.get("agency")}
    )
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data["agency"]
        check(request.user, Action.EDIT, agency)
        try:
            source = (
                importing.read_upload(form.cleaned_data["file"])
                if form.cleaned_data.get("file")
                else importing.Source(form.cleaned_data["text"])
            )
            result = importing.parse(source.text)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            parsed = result.to_dict()
            initial, count = _preview_initial(parsed, result, agency)
            preview = ImportPreviewForm(
                initial={**initial, "source": source.text}, agencies=agencies, objective_count=count
            )
            return _render_preview(request, preview, result, source.text)
    return render(request, "objectives/import_source.html", {"form": form})


def _objective_data(form: ImportPreviewForm, i: int) -> dict | None:
    cleaned = form.cleaned_data
    if not cleaned.get(f"obj-{i}-include"):
        return None
    content = cleaned[f"obj-{i}-content"]
    timeframe = cleaned[f"obj-{i}-timeframe"]
    phrases = cleaned[f"obj-{i}-targets"]
    targets = None
    try:
        original = json.loads(cleaned.get(f"obj-{i}-parsed") or "[]")
        if "\n".join(t.get("source") or "" for t in original).strip() == phrases.strip():
            targets = [importing.target_fields(t, content, timeframe) for t in original]
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError):
        targets = None  # a damaged hidden field: read the phrases again instead
    if targets is None:
        targets = importing.retarget(content, phrases, timeframe)
    return {
        "section": cleaned[f"obj-{i}-section"],
        "content": content,
        "measures": cleaned[f"obj-{i}-measures"],
        "responsibility": cleaned[f"obj-{i}-responsibility"],
        "timeframe": timeframe,
        "targets": targets,
    }


def _save(request: HttpRequest, agencies) -> HttpResponse:
    count = int(request.POST.get("objective_count", "0")) if request.POST.get("objective_count", "").isdecimal() else 0
    form = ImportPreviewForm(request.POST, agencies=agencies, objective_count=min(count, 500))
    text = request.POST.get("source", "")
    if form.is_valid():
        agency = form.cleaned_data["agency"]
        check(request.user, Action.EDIT, agency)
        parsed = {
            "agency_lines": [
                line for line in (form.cleaned_data["header_parent"], form.cleaned_data["header_own"]) if line
            ],
            **{
                k: form.cleaned_data[k]
                for k in ("symbol", "place", "doc_type", "summary", "authority", "proposal", "appendix_title")
            },
            "legal_bases": form.cleaned_data["legal_bases_text"].splitlines(),
            "articles": [{"text": t} for t in split_articles(form.cleaned_data["articles_text"])],
            "recipients": [
                r.strip().removeprefix("-").strip() for r in form.cleaned_data["recipients_text"].splitlines()
            ],
            "signer": {
                "prefix": form.cleaned_data["signer_prefix"],
                "authority": form.cleaned_data["signer_authority"],
                "title": form.cleaned_data["signer_title"],
                "name": form.cleaned_data["signer_name"],
            },
            "objectives": [o for o in (_objective_data(form, i) for i in range(count)) if o],
        }
        data = importing.build_data(parsed, agency=agency, reference=form.cleaned_data["appendix_reference"])
        try:
            original = importing.parse(text).to_dict() if text.strip() else {}
            decision = importing.import_decision(
                agency=agency,
                user=request.user,
                data=data,
                year=form.cleaned_data["year"],
                note=importing.import_note(original),
            )
        except (ValidationError, WorkflowError) as exc:
            show_error(request, exc, form)
        else:
            messages.success(
                request, _("The decision was imported as a draft. Check it in the editor, then submit it as usual.")
            )
            return redirect("objectives:decision-editor", decision.pk)
    result = importing.parse(text) if text.strip() else importing.parse_decision("")
    return _render_preview(request, form, result, text)
