from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = _("Showcase")

    def ready(self):
        from showcase import signals  # noqa: F401  keeps search in step with renamed names
        from showcase.pagecache import purge  # noqa: F401  purges the pages that show a change
