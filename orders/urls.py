"""Every address of orders, room by room; config.urls mounts them inside the language prefix.

/work/ is the mother's side and /co/… the coordinator's workspace; /federation/ is the
women's federation's overview; /files/ the files prepared on a worker.
"""

from django.urls import include, path

from orders.fairwork import urls as fairwork
from orders.members import urls as members
from orders.money import urls as money
from orders.production import urls as production
from orders.reporting import urls as reporting

mother_urlpatterns = [
    *production.mother_urlpatterns,
    *members.mother_urlpatterns,
    *money.mother_urlpatterns,
    *reporting.mother_urlpatterns,
    *fairwork.mother_urlpatterns,
]

urlpatterns = [
    path("co/payslips/", include(money.payslip_coordinator_urlpatterns)),
    path("co/members/", include(members.coordinator_urlpatterns)),
    path("co/materials/", include(fairwork.materials_urlpatterns)),
    path("co/orders/", include(production.coordinator_urlpatterns)),
    path("co/timing/", include(fairwork.timing_urlpatterns)),
    path("co/payouts/", include(money.payout_urlpatterns)),
    path("co/dashboard/", include(reporting.dashboard_urlpatterns)),
    path("work/payslips/", include(money.payslip_mother_urlpatterns)),
    path("work/", include(mother_urlpatterns)),
    path("federation/", include(reporting.federation_urlpatterns)),
    path("files/", include(money.prepared_urlpatterns)),
]
