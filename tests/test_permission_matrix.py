"""Every URL of the project, for every persona, answers with the expected status.

A new URL pattern without a row here fails `test_it_has_a_row_for_every_url`, so access rules are
decided when a page is added, not discovered later. POST rows are sent inside a savepoint that is rolled
back, so one persona's writes never change what the next row sees.
"""

import copy
from datetime import date
from decimal import Decimal

import pytest
from conftest import PERSONAS
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from test_print_pdf import png

from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import PrintImage
from objectives.printing import print_image_save
from objectives.printing.batch_services import batch_start
from objectives.risks.services import risk_create
from reports.actions.services import action_create
from reports.review import services as review_services

# Admin screens are Django's own (staff only): one row checks that non-staff users are turned away.
EXCLUDED_PREFIXES = ("admin:",)


# Status shorthands per persona, in the order of PERSONAS:
# anonymous, outsider, editor, unit_head, secretariat, leader, viewer
def S(*codes: int) -> dict[str, int]:
    return dict(zip(PERSONAS, codes, strict=True))


EVERYONE = S(200, 200, 200, 200, 200, 200, 200)
LOGGED_IN = S(302, 200, 200, 200, 200, 200, 200)
EDITORS = S(302, 200, 200, 403, 403, 403, 403)  # "new" pages: any editor somewhere
DRAFT_VIEW = S(302, 404, 200, 404, 200, 200, 200)
DRAFT_EDIT = S(302, 404, 200, 404, 403, 403, 403)
DRAFT_EDIT_POST = S(302, 404, 302, 404, 403, 403, 403)


@pytest.fixture
def world(tree, personas):
    draft = services.decision_build(
        user=SYSTEM,
        agency=tree["commune"],
        year=2026,
        data={
            "sections": [
                {
                    "title": "Đối với Ủy ban nhân dân xã",
                    "objectives": [
                        {
                            "content": "Hồ sơ giải quyết đúng hạn",
                            "targets": [{"comparator": ">=", "value": "97", "unit": "percent"}],
                        },
                    ],
                }
            ],
        },
    )
    issued = services.decision_build(
        user=SYSTEM,
        agency=tree["commune"],
        year=2025,
        data={
            "objectives": [
                {
                    "content": "Hồ sơ đúng hạn",
                    "targets": [{"comparator": ">=", "value": Decimal("95"), "unit": "percent"}],
                }
            ],
        },
    )
    services.decision_submit(user=SYSTEM, decision=issued)
    services.decision_approve(user=SYSTEM, decision=issued)
    services.decision_issue(user=SYSTEM, decision=issued, number=3, issued_on=date(2025, 1, 6))
    objective = draft.objectives.get()
    batch = batch_start(agency=tree["commune"], year=2025, user=personas["leader"])
    seal = print_image_save(
        user=SYSTEM,
        agency=tree["commune"],
        kind=PrintImage.Kind.SEAL,
        signer_name="",
        data=png(200, 200, (220, 0, 0, 255)),
    )
    action = action_create(agency=tree["unit"], user=SYSTEM, title="Rà soát quy trình", due_on=date(2026, 12, 31))
    review = review_services.review_create(agency=tree["commune"], user=SYSTEM, year=2025)
    review_decision = review_services.decision_add(review=review, user=SYSTEM, text="Bổ sung nhân sự một cửa")
    risk = risk_create(
        agency=tree["commune"],
        year=2026,
        user=SYSTEM,
        kind="risk",
        description="Hồ sơ trễ hạn",
        likelihood=3,
        impact=4,
        treatment="reduce",
        owner_unit=tree["unit"],
    )
    return {
        "review": review,
        "review_decision": review_decision,
        "risk": risk,
        "batch": batch,
        "seal": seal,
        "action": action,
        "tree": tree,
        "draft": draft,
        "issued": issued,
        "section": draft.sections.get(),
        "objective": objective,
        "target": objective.targets.get(),
    }


def rows(w) -> dict[str, tuple[str, dict, dict[str, int]]]:
    """url name -> (method, reverse kwargs, expected status per persona)."""
    d, i = w["draft"].pk, w["issued"].pk
    o, t, s = w["objective"].pk, w["target"].pk, w["section"].pk
    commune = w["tree"]["commune"].pk
    unit, action = w["tree"]["unit"].pk, w["action"].pk
    review, review_decision = w["review"].pk, w["review_decision"].pk
    batch, seal = w["batch"].pk, w["seal"].pk
    batch_access = S(302, 404, 403, 404, 200, 200, 200)
    images = S(302, 404, 403, 404, 200, 200, 403)
    commune_2025 = {"agency_pk": commune, "year": 2025}
    commune_2026 = {"agency_pk": commune, "year": 2026}
    risk = w["risk"].pk
    return {
        "home": ("get", {}, LOGGED_IN),
        "healthz": ("get", {}, EVERYONE),
        "login": ("get", {}, EVERYONE),
        "logout": ("post", {}, S(302, 302, 302, 302, 302, 302, 302)),
        "password_change": ("get", {}, LOGGED_IN),
        "password_change_done": ("get", {}, LOGGED_IN),
        "password_reset": ("get", {}, EVERYONE),
        "password_reset_done": ("get", {}, EVERYONE),
        "password_reset_confirm": ("get", {"uidb64": "MQ", "token": "bad-token"}, EVERYONE),
        "password_reset_complete": ("get", {}, EVERYONE),
        "set_language": ("post", {}, S(302, 302, 302, 302, 302, 302, 302)),
        "accounts:two-factor-setup": ("get", {}, LOGGED_IN),
        "accounts:two-factor-verify": ("get", {}, S(302, 302, 302, 302, 302, 302, 302)),  # not enrolled: to set-up
        "accounts:two-factor-qr": ("get", {}, S(302, 404, 404, 404, 404, 404, 404)),  # no enrolment started
        "agencies:tree": ("get", {}, LOGGED_IN),
        "agencies:detail": ("get", {"pk": commune}, S(302, 404, 200, 404, 200, 200, 200)),
        "objectives:decision-list": ("get", {}, LOGGED_IN),
        "objectives:decision-new": ("get", {}, EDITORS),
        "objectives:decision-import": ("get", {}, EDITORS),
        "objectives:cascade-check": ("get", {}, S(302, 403, 403, 403, 200, 403, 403)),
        "objectives:decision-detail": ("get", {"pk": d}, DRAFT_VIEW),
        "objectives:decision-history": ("get", {"pk": d}, DRAFT_VIEW),
        "objectives:decision-editor": ("get", {"pk": d}, DRAFT_EDIT),
        "objectives:decision-edit": ("get", {"pk": d}, DRAFT_EDIT),
        "objectives:decision-copy-previous": ("post", {"pk": d}, DRAFT_EDIT_POST),
        "objectives:objectives-delete": ("post", {"pk": d}, DRAFT_EDIT_POST),
        "objectives:section-new": ("get", {"pk": d}, DRAFT_EDIT),
        "objectives:section-edit": ("get", {"pk": d, "section_pk": s}, DRAFT_EDIT),
        "objectives:objective-new": ("get", {"pk": d}, DRAFT_EDIT),
        "objectives:objective-edit": ("get", {"pk": d, "objective_pk": o}, DRAFT_EDIT),
        "objectives:target-new": ("get", {"pk": d, "objective_pk": o}, DRAFT_EDIT),
        "objectives:target-edit": ("get", {"pk": d, "objective_pk": o, "target_pk": t}, DRAFT_EDIT),
        "objectives:child-delete": ("post", {"pk": d, "kind": "target", "child_pk": t}, DRAFT_EDIT_POST),
        "objectives:child-move": (
            "post",
            {"pk": d, "kind": "objective", "child_pk": o, "direction": "up"},
            DRAFT_EDIT_POST,
        ),
        "objectives:decision-step": ("post", {"pk": d, "step": "submit"}, DRAFT_EDIT_POST),
        # The leader's empty issue form comes back with its errors beside the fields (400), nothing changed.
        "objectives:decision-issue": ("post", {"pk": d}, S(302, 404, 403, 404, 403, 400, 403)),
        "objectives:decision-amend": ("post", {"pk": i}, S(302, 404, 302, 404, 403, 403, 403)),
        "objectives:decision-scan": ("get", {"pk": i}, S(302, 404, 404, 404, 404, 404, 404)),
        "objectives:decision-scan-upload": ("post", {"pk": i}, S(302, 404, 403, 404, 302, 302, 403)),
        "print:decision": ("get", {"pk": d}, DRAFT_VIEW),
        "print:decision-pdf": ("get", {"pk": d}, DRAFT_VIEW),
        "print:appendix-pdf": ("get", {"pk": d}, DRAFT_VIEW),
        "print:decision-docx": ("get", {"pk": d}, DRAFT_VIEW),
        "print:batches": ("get", {}, LOGGED_IN),
        "print:batch": ("get", {"pk": batch}, batch_access),
        "print:batch-progress": ("get", {"pk": batch}, batch_access),
        "print:batch-file": ("get", {"pk": batch, "kind": "zip"}, batch_access),
        # The batch is done: cancelling it is refused with a message (302) for those allowed to try.
        "print:batch-control": ("post", {"pk": batch, "step": "cancel"}, S(302, 404, 403, 404, 302, 302, 403)),
        "print:images": ("get", {"pk": commune}, images),
        "print:image": ("get", {"pk": seal}, images),
        "print:image-delete": ("post", {"pk": seal}, S(302, 404, 403, 404, 302, 302, 403)),
        "signing:original-upload": ("post", {"pk": i}, S(302, 404, 403, 404, 302, 403, 403)),
        "signing:original": ("get", {"pk": 999999}, S(302, 404, 404, 404, 404, 404, 404)),
        "signing:original-file": ("get", {"pk": 999999}, S(302, 404, 404, 404, 404, 404, 404)),
        "signing:original-recheck": ("post", {"pk": 999999}, S(302, 404, 404, 404, 404, 404, 404)),
        "signing:fields-pdf": ("get", {"pk": i, "part": "decision"}, S(302, 404, 200, 404, 200, 200, 200)),
        "signing:signed-copy": ("get", {"pk": i, "part": "decision"}, S(302, 404, 302, 404, 302, 302, 302)),
        "reports:my-reports": ("get", {}, LOGGED_IN),
        "reports:report": ("get", {**commune_2025, "period": "Q1"}, S(302, 404, 200, 404, 200, 200, 200)),
        "reports:report-accept": ("post", {**commune_2025, "period": "Q1"}, S(302, 404, 403, 404, 404, 403, 403)),
        "reports:report-return": ("post", {**commune_2025, "period": "Q1"}, S(302, 404, 403, 404, 404, 403, 403)),
        "reports:report-reopen": ("post", {**commune_2025, "period": "Q1"}, S(302, 404, 403, 404, 404, 403, 403)),
        "reports:evidence": ("get", {"pk": 999999}, S(302, 404, 404, 404, 404, 404, 404)),
        "reports:review-queue": ("get", {}, S(302, 403, 403, 403, 200, 403, 403)),
        "reports:status-grid-home": ("get", {}, S(302, 403, 403, 403, 302, 403, 403)),
        "reports:status-grid": ("get", commune_2025, S(302, 404, 403, 404, 200, 403, 403)),
        "reports:grid-remind": ("post", commune_2025, S(302, 404, 403, 404, 302, 403, 403)),
        "reports:grid-cell": (
            "get",
            {**commune_2025, "unit_pk": commune, "period": "Q1"},
            S(302, 404, 403, 404, 302, 403, 403),
        ),
        "reports:due-dates": ("get", commune_2025, S(302, 404, 403, 404, 200, 403, 403)),
        "reports:dashboard-home": ("get", {}, S(302, 302, 302, 302, 302, 302, 302)),
        "reports:dashboard": ("get", commune_2025, S(302, 404, 200, 404, 200, 200, 200)),
        "reports:year-end": ("get", commune_2025, S(302, 404, 200, 404, 200, 200, 200)),
        "inbox:notifications": ("get", {}, LOGGED_IN),
        "inbox:open": ("get", {"pk": 999999}, S(302, 404, 404, 404, 404, 404, 404)),
        "inbox:read": ("post", {}, S(302, 302, 302, 302, 302, 302, 302)),
        "inbox:settings": ("get", {}, LOGGED_IN),
        "inbox:badge": ("get", {}, LOGGED_IN),
        # Corrective actions (reports/actions/): the action belongs to the unit (the unit head's own).
        "reports:action-register": ("get", {}, LOGGED_IN),
        "reports:action-new": ("get", {"agency_pk": unit}, S(302, 404, 404, 403, 200, 403, 403)),
        "reports:action-detail": ("get", {"pk": action}, S(302, 404, 404, 200, 200, 200, 200)),
        "reports:action-edit": ("get", {"pk": action}, S(302, 404, 404, 403, 200, 403, 403)),
        # Starting an open action: the unit head or the secretariat; never the leader or a viewer.
        "reports:action-step": ("post", {"pk": action, "step": "start"}, S(302, 404, 404, 302, 302, 403, 403)),
        # No file chosen: refused with a message (302) for those who may work on the action.
        "reports:action-evidence-upload": ("post", {"pk": action}, S(302, 404, 404, 302, 302, 403, 403)),
        "reports:action-evidence": ("get", {"pk": 999999}, S(302, 404, 404, 404, 404, 404, 404)),
        # Management review (reports/review/): of the commune; the secretariat prepares, the leader holds too.
        "reports:review-list": ("get", {}, LOGGED_IN),
        "reports:review-new": ("get", {"agency_pk": commune}, S(302, 404, 403, 404, 200, 403, 403)),
        "reports:review-detail": ("get", {"pk": review}, S(302, 404, 200, 404, 200, 200, 200)),
        "reports:review-edit": ("get", {"pk": review}, S(302, 404, 403, 404, 200, 403, 403)),
        "reports:review-compile": ("post", {"pk": review}, S(302, 404, 403, 404, 302, 403, 403)),
        # Not ready to be held (no inputs, date, chair): refused with a message (302) for those who may hold it.
        "reports:review-step": ("post", {"pk": review, "step": "hold"}, S(302, 404, 403, 404, 302, 302, 403)),
        "reports:review-decision-add": ("post", {"pk": review}, S(302, 404, 403, 404, 302, 403, 403)),
        "reports:review-decision-edit": ("get", {"pk": review_decision}, S(302, 404, 403, 404, 200, 403, 403)),
        "reports:review-decision-delete": ("post", {"pk": review_decision}, S(302, 404, 403, 404, 302, 403, 403)),
        "reports:review-decision-action": ("get", {"pk": review_decision}, S(302, 404, 403, 404, 200, 403, 403)),
        "reports:review-print": (
            "get",
            {"pk": review, "kind": "minutes", "fmt": "docx"},
            S(302, 404, 200, 404, 200, 200, 200),
        ),
        # No file chosen: refused with a message (302) for the secretariat.
        "reports:review-signed-upload": ("post", {"pk": review}, S(302, 404, 403, 404, 302, 403, 403)),
        "reports:review-signed-file": ("get", {"pk": 999999}, S(302, 404, 404, 404, 404, 404, 404)),
        # Empty signature fields: who may print (the inputs are not compiled yet: refused with a message, 302).
        "reports:review-fields-pdf": ("get", {"pk": review, "kind": "inputs"}, S(302, 404, 302, 404, 302, 302, 302)),
        # Signing on the server: the secretariat (no certificate: refused with a message, 302).
        "reports:review-server-sign": (
            "post",
            {"pk": review, "kind": "minutes"},
            S(302, 404, 403, 404, 302, 403, 403),
        ),
        # Risks and opportunities (objectives/risks/): kept by the editor, the unit head (own unit) and the
        # secretariat; seen and printed by the leader and viewers. Creating an action: the secretariat only.
        "objectives:risk-home": ("get", {}, S(302, 302, 302, 302, 302, 302, 302)),
        "objectives:risk-register": ("get", commune_2026, S(302, 404, 200, 404, 200, 200, 200)),
        "objectives:risk-new": ("get", commune_2026, S(302, 404, 200, 404, 200, 403, 403)),
        "objectives:risk-copy-forward": ("get", commune_2026, S(302, 404, 200, 404, 200, 403, 403)),
        "objectives:risk-pdf": ("get", commune_2026, S(302, 404, 200, 404, 200, 200, 200)),
        "objectives:risk-xlsx": ("get", commune_2026, S(302, 404, 200, 404, 200, 200, 200)),
        "objectives:risk-edit": ("get", {"pk": risk}, S(302, 404, 200, 404, 200, 403, 403)),
        "objectives:risk-delete": ("post", {"pk": risk}, S(302, 404, 302, 404, 302, 403, 403)),
        # The commune's item, owned by the unit: the unit head cannot see the commune's register (404).
        "reports:action-from-risk": ("post", {"risk_pk": risk}, S(302, 404, 403, 404, 302, 403, 403)),
    }


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return {n for n in names if not n.startswith(EXCLUDED_PREFIXES)}


def test_it_has_a_row_for_every_url(world):
    missing = all_url_names() - set(rows(world))
    stale = set(rows(world)) - all_url_names()
    assert not missing, f"URLs without a permission row: {sorted(missing)}"
    assert not stale, f"rows for URLs that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_every_url_as_expected(world, personas, persona):
    client = Client()
    if personas[persona] is not None:
        client.force_login(personas[persona])
    wrong = []
    for name, (method, kwargs, expected) in rows(world).items():
        url = reverse(name, kwargs=kwargs)
        savepoint, cookies = transaction.savepoint_create(), copy.deepcopy(client.cookies)
        try:
            status = getattr(client, method)(url).status_code
        finally:
            transaction.savepoint_rollback(savepoint)
            client.cookies = cookies
        if status != expected[persona]:
            wrong.append(f"{method.upper()} {name}: {status}, expected {expected[persona]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("persona", ["anonymous", "editor", "secretariat"])
def test_it_keeps_non_staff_out_of_the_admin(world, client_for, persona):
    response = client_for(persona).get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- every workflow step behind `decision-step` (and `decision-issue`), from the state it starts in ---------

SUBMITTED, APPROVED = "submitted", "approved"
# (url name, step, state the draft is first brought to, expected status per persona, status after success)
STEP_ROWS = [
    ("objectives:decision-step", "submit", "draft", S(302, 404, 302, 404, 403, 403, 403), SUBMITTED),
    ("objectives:decision-step", "review", SUBMITTED, S(302, 404, 403, 404, 302, 403, 403), SUBMITTED),
    # Returning a submitted decision: the secretariat or the leader, never a viewer or the editor.
    ("objectives:decision-step", "return", SUBMITTED, S(302, 404, 403, 404, 302, 302, 403), "draft"),
    # Once approved, only the leader may return it; the secretariat may not.
    ("objectives:decision-step", "return", APPROVED, S(302, 404, 403, 404, 403, 302, 403), "draft"),
    ("objectives:decision-step", "approve", SUBMITTED, S(302, 404, 403, 404, 403, 302, 403), APPROVED),
    ("objectives:decision-issue", None, APPROVED, S(302, 404, 403, 404, 403, 302, 403), "issued"),
    ("objectives:decision-step", "no-such-step", SUBMITTED, S(302, 404, 404, 404, 404, 404, 404), SUBMITTED),
]


def bring_to(decision, state: str) -> None:
    if state in (SUBMITTED, APPROVED):
        services.decision_submit(user=SYSTEM, decision=decision)
    if state == APPROVED:
        services.decision_approve(user=SYSTEM, decision=decision)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "name, step, state, expected, after", STEP_ROWS, ids=lambda v: v if isinstance(v, str) else None
)
def test_it_allows_each_workflow_step_only_to_its_personas(
    world, personas, persona, name, step, state, expected, after
):
    client = Client()
    if personas[persona] is not None:
        client.force_login(personas[persona])
    decision = world["draft"]
    bring_to(decision, state)
    events_before = decision.events.count()
    kwargs = {"pk": decision.pk, **({"step": step} if step else {})}
    data = {"comment": "Thiếu số liệu quý IV", "number": "12", "issued_on": "2026-01-05"}
    response = client.post(reverse(name, kwargs=kwargs), data)
    assert response.status_code == expected[persona]
    decision.refresh_from_db()
    if expected[persona] == 302 and persona != "anonymous":
        assert decision.status == after
        assert decision.events.count() == events_before + 1
    else:
        assert decision.status == state
        assert decision.events.count() == events_before
