from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationConfig(AppConfig):
    """The community station: training, the friendly-employer directory, job wishes, rights."""

    name = "station"
    verbose_name = _("Mothers' station")

    def ready(self) -> None:
        from orders.members.signals import mother_joined
        from station.training.receivers import mother_joined_carry_skills

        mother_joined.connect(mother_joined_carry_skills, dispatch_uid="station-training-skills")
