from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Production")

    def ready(self):
        from marketplace.services.payments import event_handler_register
        from orders import reasons  # noqa: F401  (connects the new-cooperative signal)
        from orders.services import payouts

        event_handler_register("transfer.created", payouts.on_transfer_created)
        event_handler_register("transfer.reversed", payouts.on_transfer_reversed)
