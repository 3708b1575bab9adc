"""Reads for agencies: the visible tree, search, one agency with its members."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from agencies.models import Agency, Membership
from agencies.permissions import visible_agencies


@dataclass
class TreeNode:
    agency: Agency
    children: list["TreeNode"] = field(default_factory=list)
    matched: bool = False
    open: bool = False


def agency_tree_for_user(user, *, query: str = "") -> list[TreeNode]:
    """The agencies a user may see, as nested nodes (roots first). A search keeps matches and their
    ancestors and opens the branches that lead to a match. Three queries whatever the tree size."""
    agencies = list(
        visible_agencies(user)
        .select_related("merged_into")
        .prefetch_related(Prefetch("split_into", queryset=Agency.objects.only("id", "name", "short_name")))
        .order_by("path")
    )
    matched_ids: set[int] | None = None
    if query:
        matched_ids = set(visible_agencies(user).search(query).values_list("pk", flat=True))
        keep: set[int] = set()
        for agency in agencies:
            if agency.pk in matched_ids:
                keep.add(agency.pk)
                keep.update(agency.ancestor_ids())
        agencies = [a for a in agencies if a.pk in keep]

    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for agency in agencies:
        node = TreeNode(agency=agency, matched=bool(matched_ids and agency.pk in matched_ids))
        nodes[agency.pk] = node
        parent = nodes.get(agency.parent_id) if agency.parent_id else None
        (parent.children if parent else roots).append(node)
    if matched_ids:
        for agency in agencies:
            if agency.pk in matched_ids:
                for ancestor_id in agency.ancestor_ids():
                    if ancestor_id in nodes:
                        nodes[ancestor_id].open = True
    return roots


def agency_members(agency: Agency) -> QuerySet[Membership]:
    return Membership.objects.filter(agency=agency).select_related("user").order_by("role", "user__username")


def agency_children(agency: Agency) -> QuerySet[Agency]:
    return agency.children.order_by("path")


def agency_ancestors(agency: Agency) -> list[Agency]:
    ancestors = {a.pk: a for a in Agency.objects.filter(pk__in=agency.ancestor_ids())}
    return [ancestors[pk] for pk in agency.ancestor_ids() if pk in ancestors]
