"""Template tags for Vietnamese document lines and numbers."""

from django import template

from qms_portal.vnformat import format_decimal

register = template.Library()


@register.simple_tag
def doc_number(decision) -> str:
    from objectives.documents import number_line

    return number_line(decision)


@register.simple_tag
def doc_place_date(decision) -> str:
    from objectives.documents import place_date_line

    return place_date_line(decision)


@register.simple_tag
def appendix_reference(decision) -> str:
    from objectives.documents import appendix_reference as reference

    return reference(decision)


@register.filter
def vn_number(value, places=None) -> str:
    if value in (None, ""):
        return "—"
    return format_decimal(value, int(places) if places not in (None, "") else None)


@register.filter
def person(user) -> str:
    """A user's full name, else the username; the system when there is no user."""
    from django.utils.translation import gettext

    if user is None:
        return gettext("system")
    return user.get_full_name() or user.get_username()
