"""Pages of the inbox: the notification list (read/unread), opening one, marking read, the settings,
and the navigation badge loaded by htmx (so that other pages keep their query counts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports.inbox import selectors, services
from reports.inbox.forms import NotificationSettingsForm
from reports.inbox.models import Notification, NotificationKind


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    only_unread = request.GET.get("unread") == "1"
    queryset = selectors.notifications_of(request.user)
    if only_unread:
        queryset = queryset.unread()
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/inbox/notifications.html",
        {
            "page": page,
            "only_unread": only_unread,
            "unread": selectors.unread_count(request.user),
        },
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """The link in the app and in the e-mail: marks the notification read and opens its page."""
    notification = Notification.objects.select_related("report").filter(pk=pk, recipient=request.user).first()
    if notification is None:
        raise Http404
    return redirect(services.notification_open(notification=notification, user=request.user))


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    count = services.notifications_mark_read(user=request.user, ids=ids)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "inbox:notifications"
    return redirect(target)


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    prefs = services.notification_settings_for(request.user)
    initial = {"language": prefs.language, "email_on": [k for k in NotificationKind.values if prefs.wants_email(k)]}
    form = NotificationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        off = [k for k in NotificationKind.values if k not in form.cleaned_data["email_on"]]
        try:
            services.notification_settings_save(
                user=request.user, language=form.cleaned_data["language"], email_off=off
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Your notification settings were saved."))
            return redirect("inbox:settings")
    return render(request, "reports/inbox/settings.html", {"form": form})


@login_required
def nav_badge(request: HttpRequest) -> HttpResponse:
    inbox = selectors.inbox_for(request.user, today=timezone.localdate())
    return render(
        request,
        "reports/inbox/_nav_badge.html",
        {
            "inbox_count": inbox.count,
            "unread": selectors.unread_count(request.user),
        },
    )
