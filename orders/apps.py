from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Production")

    def ready(self):
        from marketplace.services.payments import event_handler_register
        from orders.money.services import payouts
        from orders.production import reasons  # noqa: F401  connects the new-cooperative signal
        from orders.reporting.tallies import tallies_fill_if_empty

        post_migrate.connect(tallies_fill_if_empty, sender=self)

        event_handler_register("transfer.created", payouts.on_transfer_created)
        event_handler_register("transfer.reversed", payouts.on_transfer_reversed)
