"""The rejection reasons a new cooperative starts with; her coordinators keep the list after."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from marketplace.models import Cooperative
from orders.models import RejectionReason

# code, Chinese, English
DEFAULT_REASONS = [
    ("loose-knot", "松结", "Loose knot"),
    ("wrong-colour", "颜色不对", "Wrong colour"),
    ("size-off", "尺寸不对", "Size off"),
    ("dirty", "有污渍", "Dirty"),
    ("frayed", "线头毛糙", "Frayed ends"),
    ("other", "其他", "Other"),
]


def reasons_ensure_defaults(cooperative_id: int) -> None:
    """Give a cooperative the default reasons it lacks (by code); keeps what it has."""
    have = set(
        RejectionReason.objects.filter(cooperative_id=cooperative_id).values_list("code", flat=True)
    )
    RejectionReason.objects.bulk_create(
        RejectionReason(
            cooperative_id=cooperative_id, code=code, name=name, name_en=name_en, sort_order=i
        )
        for i, (code, name, name_en) in enumerate(DEFAULT_REASONS)
        if code not in have
    )


@receiver(post_save, sender=Cooperative, dispatch_uid="orders.default_reasons")
def _new_cooperative_gets_default_reasons(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        reasons_ensure_defaults(instance.pk)
