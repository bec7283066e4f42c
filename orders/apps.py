from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Production")

    def ready(self):
        from marketplace.services.payments import event_handler_register
        from orders.money.services import payouts
        from orders.production import reasons  # noqa: F401  connects the new-cooperative signal

        event_handler_register("transfer.created", payouts.on_transfer_created)
        event_handler_register("transfer.reversed", payouts.on_transfer_reversed)
