from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the site: periodic jobs, health checks, request ids in logs, metrics."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from ops import receivers

        receivers.connect()
