"""Hooks through which reports (which objectives may not import) adds what it knows about register items.

`LINKED_ACTIONS`: each hook receives the ids of register items and returns {item id: [LinkedAction, ...]},
in one query; reports.apps registers reports.actions.selectors.actions_for_risks. Without reports installed
the register simply shows no actions."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkedAction:
    pk: int
    title: str
    status_label: str
    due_on: object  # date
    is_closed: bool
    is_effective: bool | None  # True verified effective, False verified not effective, None not verified yet
    url: str


LINKED_ACTIONS: list[Callable[[Iterable[int]], dict[int, list[LinkedAction]]]] = []


def linked_actions(item_ids: Iterable[int]) -> dict[int, list[LinkedAction]]:
    ids = list(item_ids)
    found: dict[int, list[LinkedAction]] = {}
    if not ids:
        return found
    for hook in LINKED_ACTIONS:
        for item_id, actions in hook(ids).items():
            found.setdefault(item_id, []).extend(actions)
    return found
