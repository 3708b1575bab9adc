"""Navigation entries for the base layout, shown only where the user's roles allow."""

from django.http import HttpRequest

from agencies.models import Role
from agencies.permissions import has_role_anywhere, memberships_of


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    memberships_of(user)
    return {
        "nav": {
            "decisions": True,
            "edit": has_role_anywhere(user, [Role.EDITOR]),
            "report": has_role_anywhere(user, [Role.UNIT_HEAD]),
            "review": has_role_anywhere(user, [Role.SECRETARIAT]),
            "approve": has_role_anywhere(user, [Role.LEADER]),
            "admin": user.is_staff,
        }
    }
