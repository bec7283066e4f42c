from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The composition root: project-wide views, commands (seed_demo) and templates tags."""

    name = "config"
    verbose_name = "妈妈岗 · 巾帼好品"

    def ready(self):
        from config import sites  # noqa: F401 - forgets the kept Sites when one changes
