"""The decision list, a decision's history, the cascade check and an agency's page issue an exact number
of queries, the same for a little data as for a lot; each expected query is named (healthchecks style)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from test_decisions import build, issue

from agencies import services as agency_services
from agencies.models import AgencyKind, Role
from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import Target


def grow(tree, personas) -> None:
    """More of everything each page lists: decisions, history rows, weaker unit targets, units, members."""
    commune = tree["commune"]
    for i in range(6):
        unit = agency_services.agency_create(code=f"PA-U{i}", name=f"Phòng số {i} xã Phước An", kind=AgencyKind.UNIT,
                                             parent=commune, symbol=f"U{i}")
        decision = build({"unit": unit}, agency="unit", year=2026, objectives=3)
        parent = Target.objects.filter(objective__decision__agency=commune, objective__decision__year=2026).first()
        for target in Target.objects.filter(objective__decision=decision):
            services.target_update(user=SYSTEM, target=target, value=Decimal("90"), parent_target=parent)
        agency_services.membership_add(user=personas["editor"], agency=unit, role=Role.EDITOR)
        user = agency_services.user_create(username=f"member{i}", password="secret-pass-123", email=f"m{i}@example.invalid")
        agency_services.membership_add(user=user, agency=commune, role=Role.VIEWER)


def pages(tree, decision) -> dict:
    return {
        "decision list": ("editor", reverse("objectives:decision-list"), {}),
        "history": ("editor", reverse("objectives:decision-history", args=[decision.pk]), {}),
        "cascade check": ("secretariat", reverse("objectives:cascade-check"), {"agency": tree["commune"].pk, "year": 2026}),
        "agency detail": ("secretariat", reverse("agencies:detail", args=[tree["commune"].pk]), {}),
    }


# Every logged-in page starts with: 1. the session, 2. the user.
EXPECTED = {
    "decision list": 7,
    # 3. the user's memberships (one query, cached for the request); 4. COUNT of the visible decisions for the
    # paginator; 5. "can create": does the user edit anywhere (EXISTS); 6. the visible agencies for the filter;
    # 7. one page of decisions with their agency and objective count.
    "history": 9,
    # 3. the decision; 4. the user's memberships (permission check); 5. the decision's objective ids;
    # 6.-9. the history rows of the decision, its sections, its objectives and its targets (with their users).
    "cascade check": 9,
    # 3. the user's memberships; 4. is there any agency to review (EXISTS); 5. the chosen agency; 6. the units of
    # its subtree; 7. their decisions for the year; 8. their targets with a parent target (weaker than it?);
    # 9. the agencies offered in the picker.
    "agency detail": 10,
    # 3. the agency with its parent and the agency it merged into; 4.-6. the agencies it was split into, merged
    # from and split from (prefetched); 7. the user's memberships (permission check); 8. its ancestors;
    # 9. its children; 10. its members with their users.
}


GROWN = {"decision list": "Phòng số 5", "history": "(sửa)", "cascade check": "Phòng số 5", "agency detail": "Phòng số 5"}


@pytest.mark.parametrize("page", list(EXPECTED))
def test_it_pins_the_query_count_of_each_page(client_for, tree, personas, django_assert_num_queries, page):
    decision = build(tree, year=2026)
    issue(build(tree, year=2025), number=4)
    who, url, params = pages(tree, decision)[page]
    client = client_for(who)
    assert client.get(url, params).status_code == 200
    with django_assert_num_queries(EXPECTED[page]):
        assert client.get(url, params).status_code == 200
    grow(tree, personas)
    services.decision_update(user=SYSTEM, decision=decision, summary="Ban hành kế hoạch chất lượng năm 2026 (sửa)")
    for objective in decision.objectives.all():
        services.objective_update(user=SYSTEM, objective=objective, content=objective.content + " (sửa)")
    client = client_for(who)  # a fresh login: the editor's memberships have grown
    client.get(url, params)
    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(url, params)
    assert response.status_code == 200
    # The second count was taken over the grown data: the page shows it.
    assert GROWN[page] in response.content.decode()
