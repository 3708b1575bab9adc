"""Corrective actions outside the register: overdue actions in their owner's inbox (the person named, else the
unit head) and done actions in the secretariat's (with the navigation count), and the dashboards' open /
overdue / awaiting verification / closed figures per unit, each linking to the register filtered the same
way. Both cost the same number of queries for 3 actions as for 60."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from agencies import services as agency_services
from agencies.models import Role
from agencies.permissions import SYSTEM
from qms_portal import views as home_views
from reports import views as report_views
from reports.actions import inbox as action_inbox
from reports.actions import services as actions
from reports.actions.models import ActionStatus, CorrectiveAction
from reports.actions.summary import counts_by_unit
from reports.inbox.selectors import InboxKind, inbox_for

TODAY = date(2026, 11, 22)
ACTION_LINK = re.compile(r'href="/reports/actions/\d+/"')


@pytest.fixture(autouse=True)
def today(monkeypatch):
    # the badge asks timezone.localdate(); the home page and the dashboard their own _today
    monkeypatch.setattr(home_views, "_today", lambda: TODAY)
    monkeypatch.setattr(report_views, "_today", lambda: TODAY)
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: TODAY if value is None else real(value, tz))


@pytest.fixture
def client_for(client_for, settings):
    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def kinds(user) -> dict[str, list[str]]:
    inbox = inbox_for(fresh(user), today=TODAY)
    return {g.kind: [i.title.split(" · ")[0] for i in g.items] for g in inbox.ordered}


def staff(tree):
    """A clerk of the unit (a member, so that they may own an action)."""
    user = agency_services.user_create(username="clerk", password="secret-pass-123", email="clerk@example.invalid")
    agency_services.membership_add(user=user, agency=tree["unit"], role=Role.VIEWER)
    return user


def make(tree, title, due_on, *, owner=None, status=None, agency=None):
    action = actions.action_create(agency=agency or tree["unit"], user=SYSTEM, title=title, due_on=due_on, owner=owner)
    if status is not None:
        CorrectiveAction.objects.filter(pk=action.pk).update(status=status)
    return action


def test_overdue_actions_wait_for_their_owner_and_done_ones_for_the_secretariat(tree, personas, client_for):
    clerk = staff(tree)
    make(tree, "Không người phụ trách, quá hạn", TODAY - timedelta(days=3))
    make(tree, "Của chị thư ký đơn vị, quá hạn", TODAY - timedelta(days=1), owner=clerk)
    make(tree, "Đang làm, quá hạn", TODAY - timedelta(days=9), status=ActionStatus.IN_PROGRESS)
    make(tree, "Còn hạn", TODAY + timedelta(days=1))
    make(tree, "Hạn hôm nay", TODAY)
    make(tree, "Đã xong, chờ kiểm tra", TODAY - timedelta(days=30), status=ActionStatus.DONE)
    make(tree, "Đã kiểm tra", TODAY - timedelta(days=30), status=ActionStatus.EFFECTIVE)

    assert kinds(personas["unit_head"]) == {
        action_inbox.ACTION_OVERDUE: ["Đang làm, quá hạn", "Không người phụ trách, quá hạn"],
    }
    assert kinds(clerk) == {action_inbox.ACTION_OVERDUE: ["Của chị thư ký đơn vị, quá hạn"]}
    assert kinds(personas["secretariat"]) == {action_inbox.ACTION_TO_VERIFY: ["Đã xong, chờ kiểm tra"]}
    for persona in ("viewer", "editor", "leader", "outsider"):
        assert kinds(personas[persona]) == {}, persona

    # the navigation count and the inbox on the home page
    badge = client_for("unit_head").get(reverse("inbox:badge")).content.decode()
    assert 'data-nav-inbox="2"' in badge
    home = client_for("secretariat").get(reverse("home")).content.decode()
    assert f'data-inbox-group="{action_inbox.ACTION_TO_VERIFY}"' in home
    assert "Corrective actions to verify" in home and "Đã xong, chờ kiểm tra" in home
    assert 'data-nav-inbox="1"' in client_for("secretariat").get(reverse("inbox:badge")).content.decode()


def test_the_groups_sit_among_the_others_and_link_to_the_filtered_register(tree, personas, client_for):
    order = list(InboxKind.ORDER)
    assert order.index(InboxKind.REPORT_OVERDUE) < order.index(action_inbox.ACTION_OVERDUE)
    assert order.index(action_inbox.ACTION_TO_VERIFY) < order.index(InboxKind.REPORT_DUE)
    for i in range(12):
        make(tree, f"Quá hạn {i:02d}", TODAY - timedelta(days=20 - i))
        make(tree, f"Chờ kiểm tra {i:02d}", TODAY, status=ActionStatus.DONE)
    (overdue,) = inbox_for(fresh(personas["unit_head"]), today=TODAY).ordered
    assert (len(overdue.items), len(overdue.shown), overdue.more) == (12, 10, 2)
    assert overdue.all_url == reverse("reports:action-register") + "?overdue=on"
    (to_verify,) = inbox_for(fresh(personas["secretariat"]), today=TODAY).ordered
    assert to_verify.all_url == reverse("reports:action-register") + "?status=done"
    # the "and 2 more" links open the register with exactly those actions
    page = client_for("unit_head").get(overdue.all_url).content.decode()
    assert page.count("Quá hạn 1") == 2 and len(ACTION_LINK.findall(page)) == 12
    page = client_for("secretariat").get(to_verify.all_url).content.decode()
    assert page.count("Chờ kiểm tra") == 12 and "Quá hạn 0" not in page


def test_the_inbox_costs_the_same_queries_for_3_and_60_actions(tree, personas, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for n in (3, 60):
        CorrectiveAction.objects.all().delete()
        CorrectiveAction.objects.bulk_create(
            [
                CorrectiveAction(agency=tree["unit"], title=f"Việc {i}", due_on=TODAY - timedelta(days=1 + i % 5))
                for i in range(n)
            ]
            + [
                CorrectiveAction(agency=tree["unit"], title=f"Xong {i}", due_on=TODAY, status=ActionStatus.DONE)
                for i in range(n)
            ]
        )
        for persona in ("unit_head", "secretariat"):
            for url in (reverse("home"), reverse("inbox:badge")):
                client = client_for(persona)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                assert response.status_code == 200
                counts[n, persona, url] = len(captured)
        badge = client_for("unit_head").get(reverse("inbox:badge")).content.decode()
        assert f'data-nav-inbox="{n}"' in badge
    for persona in ("unit_head", "secretariat"):
        for url in (reverse("home"), reverse("inbox:badge")):
            assert counts[3, persona, url] == counts[60, persona, url] <= 16, (persona, url)


# --- dashboards ----------------------------------------------------------------------------------------------


def sample(tree):
    """Commune PA: 1 of its own (open); unit PKT: 2 open (1 overdue), 1 done, 2 checked or closed."""
    make(tree, "Xã: mở", TODAY + timedelta(days=5), agency=tree["commune"])
    make(tree, "PKT: quá hạn", TODAY - timedelta(days=1))
    make(tree, "PKT: đang làm", TODAY + timedelta(days=9), status=ActionStatus.IN_PROGRESS)
    make(tree, "PKT: chờ kiểm tra", TODAY - timedelta(days=40), status=ActionStatus.DONE)
    make(tree, "PKT: hiệu quả", TODAY - timedelta(days=40), status=ActionStatus.EFFECTIVE)
    make(tree, "PKT: đã đóng", TODAY - timedelta(days=40), status=ActionStatus.CLOSED)
    make(tree, "Tỉnh khác", TODAY - timedelta(days=1), agency=tree["other_commune"])


def figures(counts) -> tuple:
    return (counts.open, counts.overdue, counts.to_verify, counts.closed, counts.total)


def test_the_summary_rolls_each_unit_up_under_the_agency_shown(tree):
    sample(tree)
    province = counts_by_unit(tree["province"], TODAY)
    assert [(r.agency.code, r.own_only, figures(r)) for r in province.rows] == [("PA", False, (3, 1, 1, 2, 6))]
    assert figures(province.total) == (3, 1, 1, 2, 6)
    commune = counts_by_unit(tree["commune"], TODAY)
    assert [(r.agency.code, r.own_only, figures(r)) for r in commune.rows] == [
        ("PA", True, (1, 0, 0, 0, 1)),
        ("PA-PKT", False, (2, 1, 1, 2, 5)),
    ]
    assert figures(commune.total) == (3, 1, 1, 2, 6)
    assert commune.rows[0].links == {}  # no register filter means "the commune without its units"
    unit = counts_by_unit(tree["unit"], TODAY)
    assert [figures(r) for r in unit.rows] == [(2, 1, 1, 2, 5)] and unit.rows[0].links == unit.total.links
    assert not counts_by_unit(tree["district"], TODAY)


def test_each_figure_on_the_dashboard_opens_the_register_with_those_actions(tree, personas, client_for):
    sample(tree)
    client = client_for("secretariat")
    page = client.get(reverse("reports:dashboard", args=[tree["commune"].pk, 2026])).content.decode()
    assert 'id="dashboard-actions"' in page
    row = page[page.index(f'data-action-unit="{tree["unit"].pk}"') :]
    row = row[: row.index("</tr>")]
    links = dict(re.findall(r'data-count="(\w+)"><a class="[^"]*" href="([^"]+)"', row))
    expected = {"open": 2, "overdue": 1, "to_verify": 1, "closed": 2, "total": 5}
    assert set(links) == set(expected)
    for name, url in links.items():
        shown = client.get(url.replace("&amp;", "&")).content.decode()
        assert len(ACTION_LINK.findall(shown)) == expected[name], (name, url)
    # the unit head's dashboard: their unit only
    mine = client_for("unit_head").get(reverse("reports:dashboard", args=[tree["unit"].pk, 2026])).content.decode()
    assert mine.count("data-action-unit=") == 1 and "Xã: mở" not in mine
    assert (
        f'data-count="overdue"><a class="text-danger fw-semibold" href="/reports/actions/?agency={tree["unit"].pk}&amp;overdue=on">1<'
        in mine
    )


def test_the_dashboard_costs_the_same_queries_for_3_and_60_actions(tree, personas, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (3, 60):
        CorrectiveAction.objects.all().delete()
        statuses = list(ActionStatus)
        CorrectiveAction.objects.bulk_create(
            [
                CorrectiveAction(
                    agency=(tree["unit"], tree["commune"])[i % 2],
                    title=f"Việc {i}",
                    due_on=TODAY - timedelta(days=i % 3),
                    status=statuses[i % len(statuses)],
                )
                for i in range(n)
            ]
        )
        client = client_for("secretariat")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("reports:dashboard", args=[tree["commune"].pk, 2026]))
        assert response.status_code == 200
        counts.append(len(captured))
        summary = counts_by_unit(tree["commune"], TODAY)
        assert summary.total.total == n
    assert counts[0] == counts[1], counts


def test_the_register_ignores_a_stage_it_does_not_know(tree, personas, client_for):
    sample(tree)
    client = client_for("secretariat")
    for value in ("bogus", "<script>", "open'--"):
        response = client.get(reverse("reports:action-register"), {"stage": value})
        assert response.status_code == 200
        assert len(ACTION_LINK.findall(response.content.decode())) == 6  # not filtered
    page = client.get(reverse("reports:action-register"), {"stage": "closed"}).content.decode()
    assert "PKT: hiệu quả" in page and "PKT: đã đóng" in page and len(ACTION_LINK.findall(page)) == 2
