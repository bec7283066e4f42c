from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from station.models import RIGHTS_PERMISSION, RightsRequest


def rights_requests(status: str = "") -> QuerySet[RightsRequest]:
    requests = RightsRequest.objects.select_related("handled_by")
    return requests.filter(status=status) if status else requests


def rights_handlers() -> QuerySet:
    """Active users who answer rights requests (the permission directly, through a group, or
    as superuser) and have an e-mail address to be told at."""
    app_label, codename = RIGHTS_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    granted = Q(user_permissions__in=permission) | Q(groups__permissions__in=permission)
    return (
        get_user_model()
        .objects.filter(granted | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .distinct()
    )
