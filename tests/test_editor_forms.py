"""The editor's forms say what is wrong where it is wrong: the target form shows the few key fields
first and the rest under "Tùy chọn nâng cao", which opens by itself when one of its fields is wrong."""

from decimal import Decimal

import pytest
from django.urls import reverse
from reports_factories import RATE

from objectives import services


@pytest.fixture
def decision(tree, personas):
    return services.decision_build(
        agency=tree["commune"],
        year=2027,
        user=personas["editor"],
        data={
            "signer_title": "CHỦ TỊCH",
            "objectives": [
                {"content": "Sáng kiến được công nhận", "targets": [RATE | {"comparator": ">=", "value": Decimal(98)}]}
            ],
        },
    )


def test_the_target_form_puts_the_key_fields_first_and_the_rest_behind_advanced_options(decision, client_for):
    objective = decision.objectives.get()
    html = client_for("editor").get(reverse("objectives:target-new", args=[decision.pk, objective.pk])).content.decode()
    advanced = html.index("<details")
    for name in ("label", "comparator", "value", "upper", "unit"):
        assert html.index(f'name="{name}"') < advanced, name
    for name in ("unit_label", "scope", "measurement", "aggregation", "frequency", "source_phrase"):
        assert html.index(f'name="{name}"') > advanced, name
    assert "Tùy chọn nâng cao" in html
    assert "Điều được đo" in html
    assert '<details class="mb-2 border rounded p-2" data-advanced>' in html  # closed


def test_an_inconsistent_target_is_refused_with_the_advanced_options_open(decision, client_for):
    objective = decision.objectives.get()
    url = reverse("objectives:target-new", args=[decision.pk, objective.pk])
    data = {
        "label": "Sáng kiến",
        "comparator": ">=",
        "value": "7",
        "unit": "count",
        "measurement": "ratio",
        "aggregation": "ratio_of_sums",
        "frequency": "yearly",
    }
    response = client_for("editor").post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-advanced open" in html
    assert "Chỉ tỷ lệ phần trăm mới đo bằng tử số / mẫu số" in html
    assert objective.targets.count() == 1
    data |= {"measurement": "value", "aggregation": "sum"}
    assert client_for("editor").post(url, data).status_code == 302
    assert objective.targets.count() == 2
