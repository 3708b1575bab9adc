"""The main navigation of the base layout, rendered once per combination of what it depends on (issue 16, lean
pages): the entries the user's roles show (`nav`, from agencies.context_processors.navigation), the section of
the site the page belongs to (the active entry), the language and the script prefix. Every logged-in page
showed the same 20 links, each reversed and translated again on every request."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import translation

register = template.Library()


@lru_cache(maxsize=512)
def _nav_html(language: str | None, prefix: str, namespace: str, flags: tuple[tuple[str, bool], ...]) -> str:
    with translation.override(language):
        return get_template("_nav_items.html").render({"nav": dict(flags), "nav_namespace": namespace})


@register.simple_tag(takes_context=True)
def main_nav(context) -> str:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    flags = tuple(sorted((key, bool(value)) for key, value in (context.get("nav") or {}).items()))
    render = _nav_html.__wrapped__ if settings.DEBUG else _nav_html  # in development a template edit shows at once
    return render(translation.get_language(), get_script_prefix(), match.namespace if match else "", flags)
