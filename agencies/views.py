"""Agency pages: the searchable tree and one agency with its members."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agencies import selectors
from agencies.models import Agency
from agencies.permissions import Action, can, get_for_user


@login_required
def agency_tree(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    roots = selectors.agency_tree_for_user(request.user, query=query)
    template = "agencies/_tree.html" if request.htmx else "agencies/tree.html"
    return render(request, template, {"roots": roots, "query": query})


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_for_user(
        request.user,
        Agency.objects.select_related("parent", "merged_into").prefetch_related(
            "split_into", "merged_from", "split_from"
        ),
        pk,
    )
    return render(
        request,
        "agencies/detail.html",
        {
            "agency": agency,
            "ancestors": selectors.agency_ancestors(agency),
            "children": selectors.agency_children(agency),
            "members": selectors.agency_members(agency),
            "can_manage": can(request.user, Action.MANAGE, agency),
        },
    )
