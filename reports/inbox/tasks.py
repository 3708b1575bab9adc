"""Background task of the inbox: notification e-mails, enqueued once the workflow step has committed."""

from django.tasks import task


@task
def send_notification_emails(notification_ids: list[int]) -> dict:
    from reports.inbox.services import send_emails

    return {"sent": send_emails(notification_ids)}
