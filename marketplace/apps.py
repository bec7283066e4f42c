from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from marketplace.converters import converters_register

        # Before any URLconf is read: every app's addresses use <id:…> and <table_format:…>.
        converters_register()
