"""Request throttling records (password resets per address and per client), kept in the database so that
every worker process of the server shares one count."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThrottleEvent(models.Model):
    scope = models.CharField(_("scope"), max_length=40)
    key = models.CharField(_("key"), max_length=64, help_text=_("SHA-256 of the address or client, never the value itself."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("throttle event")
        verbose_name_plural = _("throttle events")
        indexes = [models.Index(fields=["scope", "key", "created_at"], name="throttle_scope_key_time")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.created_at:%Y-%m-%d %H:%M}"
