"""Issue 16, lean pages: the decision page reads the decision (and its signed original) once; the document
check uses the content read with it; the status grid's rows written in Python give the template's markup."""

from datetime import date

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
