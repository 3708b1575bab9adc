"""Issue 16, lean pages: the decision page reads the decision (and its signed original) once; the document
check uses the content read with it; the status grid's rows written in Python give the template's markup."""

from datetime import date

from django.conf import settings
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_decisions import build, issue

from agencies.permissions import SYSTEM
from objectives import selectors as objective_selectors
from objectives import services
from objectives.doccheck import check_document
from objectives.models import Decision
from reports.models import ProgressStatus
from reports.selectors import Grid, GridCell, GridRow, StatusBadge
from reports.templatetags.reports_tags import column_dues

ENGINE = engines["django"]


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"].lower() for q in captured.captured_queries]


def test_the_decision_page_reads_the_decision_and_its_signed_original_once(client_for, tree):
    decision = issue(build(tree, objectives=3, targets_each=2))
    client = client_for("secretariat")
    url = reverse("objectives:decision-detail", args=[decision.pk])
    client.get(url)
    queries = _queries(client, url)
    by_pk = [q for q in queries if 'from "objectives_decision"' in q and '"objectives_decision"."id" =' in q]
    assert len(by_pk) == 1, by_pk  # the amendments (amends_id = ...) are another question
    assert sum('from "objectives_signedoriginal"' in q for q in queries) == 1
    assert not [q for q in queries if 'count("objectives_target"' in q]  # the document check counts in Python
    assert len(queries) <= 12


def test_the_document_check_uses_the_content_read_with_the_decision(tree):
    decision = build(tree, objectives=3, targets_each=1)
    objective = decision.objectives.order_by("order", "id")[1]
    services.target_delete(target=objective.targets.get(), user=SYSTEM)
    plain = check_document(Decision.objects.select_related("agency", "amends").get(pk=decision.pk))
    read = objective_selectors.decision_with_content(Decision.objects.filter(pk=decision.pk)).get()
    with CaptureQueriesContext(connection) as captured:
        with_content = check_document(read)
    assert [(i.code, i.message) for i in with_content.items] == [(i.code, i.message) for i in plain.items]
    assert "objective_without_target" in with_content.codes()
    assert "2" in next(i.message for i in with_content.items if i.code == "objective_without_target")
    assert not [q for q in captured.captured_queries if "objectives_objective" in q["sql"]]


# The grid's rows before they were written in Python (templates/reports/status_grid.html, issue 16).
OLD_ROWS = ENGINE.from_string(
    """{% load i18n reports_tags %}    <tbody>{% for row in grid.rows %}
<tr{% if not row.reports %} class="table-light"{% endif %}><th scope="row" class="ps-{% if row.indent > 5 %}5{% else %}{{ row.indent }}{% endif %}">{% if row.reports %}{{ row.name }}{% else %}<strong>{{ row.name }}</strong>{% endif %}{% if row.dissolved %} <small class="text-body-secondary">({% translate "dissolved" %})</small>{% endif %}</th>{% grid_cells row grid_texts %}</tr>{% endfor %}
    </tbody>"""
)
NEW_ROWS = ENGINE.from_string("{% load reports_tags %}    <tbody>{% grid_rows grid grid_texts %}\n    </tbody>")


def test_the_grid_rows_written_in_python_give_the_template_markup():
    due = date(2026, 4, 10)
    late = StatusBadge(ProgressStatus.LATE, "returned")
    cells = [
        GridCell("Q1", due, StatusBadge(ProgressStatus.ACCEPTED), "", 1),
        GridCell("Q2", date(2026, 7, 15), late, "", 2, reminders=2, last_reminder=date(2026, 7, 20)),
    ]
    rows = [
        GridRow(1, 'Xã <Phước> "An" & co', "PA", 0, False, [None, None], False),
        GridRow(2, "Phòng Kinh tế", "PA-PKT", 1, False, cells, True),
        GridRow(3, "Phòng cũ", "PA-OLD", 7, True, [cells[0], None], True),
    ]
    grid = Grid(None, 2026, date(2026, 11, 22), ["Q1", "Q2"], rows, {})
    for language in ("vi", "en"):
        from django.utils import translation

        with translation.override(language):
            texts = {"due": "Hạn", "last": "Lần nhắc cuối", "remind": "Nhắc"}
            old_texts, new_texts = dict(texts, _dues=column_dues(grid)), dict(texts, _dues=column_dues(grid))
            old = OLD_ROWS.render({"grid": grid, "grid_texts": old_texts})
            new = NEW_ROWS.render({"grid": grid, "grid_texts": new_texts})
            assert new == old
    assert "Xã &lt;Phước&gt; &quot;An&quot; &amp; co" in new and 'class="ps-5"' in new and "(dissolved)" in new
    assert new.count("<tr") == 3 and 'class="table-light"' in new


def _document_part(html: str) -> str:
    start = html.index('<article class="doc-preview')
    return html[start : html.index("</article>", start) + len("</article>")]


def _content_queries(queries: list[str]) -> list[str]:
    return [q for q in queries if any(f'from "objectives_{t}"' in q for t in ("objective", "target", "section"))]


def test_an_issued_decisions_page_keeps_its_document_rendered(client_for, tree):
    """The second view of an issued decision reads none of its content (sections, objectives, targets) and
    shows exactly what a fresh render shows: the document and the document check."""
    from django.core.cache import cache

    decision = issue(build(tree, objectives=3, targets_each=2))
    client = client_for("secretariat")
    url = reverse("objectives:decision-detail", args=[decision.pk])
    with CaptureQueriesContext(connection) as first:
        fresh = client.get(url).content.decode()
    assert _content_queries([q["sql"].lower() for q in first.captured_queries])
    queries = _queries(client, url)
    assert _content_queries(queries) == []
    assert len(queries) <= 8, queries
    kept = client.get(url).content.decode()
    assert _document_part(kept) == _document_part(fresh)
    assert "Mục tiêu số 2" in _document_part(kept) and "Tối thiểu 97%" in _document_part(kept)
    assert kept.count('data-doccheck-item="') == fresh.count('data-doccheck-item="')
    cache.clear()
    assert _document_part(client.get(url).content.decode()) == _document_part(fresh)


def test_a_changed_issued_decision_is_rendered_again(client_for, tree):
    """The kept document is keyed by the decision's row version: attaching the signed scan (a change of the
    row) makes the next view read the content again. A draft is read on every view."""
    from django.core.files.base import ContentFile

    decision = issue(build(tree, objectives=2))
    client = client_for("secretariat")
    url = reverse("objectives:decision-detail", args=[decision.pk])
    client.get(url)
    assert _content_queries(_queries(client, url)) == []
    services.decision_attach_scan(user=SYSTEM, decision=decision, scan=ContentFile(b"%PDF-1.4 scan", name="s.pdf"))
    assert _content_queries(_queries(client, url))
    assert _content_queries(_queries(client, url)) == []

    draft = build(tree, agency="other_commune", objectives=1)
    draft_url = reverse("objectives:decision-detail", args=[draft.pk])
    editor = client_for("outsider")
    assert _content_queries(_queries(editor, draft_url))
    objective = draft.objectives.get()
    services.objective_update(objective=objective, user=SYSTEM, content="Nội dung đã sửa", lock_version=None)
    page = editor.get(draft_url).content.decode()
    assert "Nội dung đã sửa" in _document_part(page)


def test_the_navigation_follows_the_roles_the_section_and_the_language(client_for, personas, tree):
    """The main navigation is rendered once per set of entries, section and language: a role granted during
    the session shows its entries on the next page, the active entry follows the page, English reads English."""
    from agencies import services as agency_services
    from agencies.models import Role

    client = client_for("unit_head")
    review_queue = reverse("reports:review-queue")
    page = client.get(reverse("objectives:decision-list")).content.decode()
    assert reverse("reports:my-reports") in page and review_queue not in page
    assert 'class="nav-link dropdown-toggle active"' in page and ">Quyết định</a>" in page
    agency_services.membership_add(user=personas["unit_head"], agency=tree["unit"], role=Role.SECRETARIAT)
    page = client.get(reverse("reports:my-reports")).content.decode()
    assert review_queue in page
    nav = page[page.index('<ul class="navbar-nav me-auto">') :]
    assert nav.index("dropdown-toggle active") > nav.index(">Quyết định</a>")  # "Progress" is the active one now
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("reports:my-reports")).content.decode()
    assert ">Decisions</a>" in page and ">Review queue</a>" in page


def test_in_development_a_template_edit_shows_without_a_restart(client_for, tree, settings, monkeypatch, tmp_path):
    """With DEBUG on, the navigation is rendered on every request and the kept document's fingerprint is read
    again, so an edited template shows at once; with DEBUG off both are computed once per process."""
    from pathlib import Path

    from objectives import issued_page
    from qms_portal.templatetags import layout

    layout._nav_html.cache_clear()
    settings.DEBUG = True
    client_for("editor").get(reverse("objectives:decision-list"))
    assert layout._nav_html.cache_info().currsize == 0
    settings.DEBUG = False
    client_for("editor").get(reverse("objectives:decision-list"))
    assert layout._nav_html.cache_info().currsize == 1

    copy = tmp_path / "templates" / "objectives"
    copy.mkdir(parents=True)
    (copy / "_document.html").write_text("một")
    monkeypatch.setattr(issued_page, "SOURCES", ("templates/objectives/_document.html",))
    settings.BASE_DIR = Path(tmp_path)
    settings.DEBUG = True
    first = issued_page.version()
    (copy / "_document.html").write_text("hai")
    assert issued_page.version() != first
