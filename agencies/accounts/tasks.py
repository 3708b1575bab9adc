"""Background jobs of accounts: the password reset mail (run by the worker, `manage.py db_worker`)."""

from django.contrib.auth.forms import PasswordResetForm
from django.tasks import task
from django.utils import translation


@task
def send_password_reset(*, email: str, domain: str, use_https: bool, language: str) -> None:
    """Find the active accounts with this address and mail each a reset link; nothing for an unknown one."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        form.save(
            domain_override=domain, use_https=use_https,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.html",
        )
