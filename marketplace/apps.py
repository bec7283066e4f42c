from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from django.db.models import fields

        from marketplace.converters import converters_register

        # Before any URLconf is read: every app's addresses use <id:…> and <table_format:…>.
        converters_register()
        # The first line of a select nobody has chosen in yet: Django 6.1's new wording has no
        # Chinese in Django's catalogue, so the site says it in its own (Django's documented
        # way to change it).
        fields.BLANK_CHOICE_LABEL = _("Please choose")
