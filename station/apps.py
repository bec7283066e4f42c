from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationConfig(AppConfig):
    """The community station: training, the friendly-employer directory, job wishes, rights."""

    name = "station"
    verbose_name = _("Mothers' station (妈妈岗驿站)")
