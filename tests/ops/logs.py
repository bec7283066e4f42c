"""Reading what the console log handler writes, and answering requests through the request
id middleware: shared by the ops tests."""

import io
import logging
import logging.config
from contextlib import contextmanager

from django.conf import settings as django_settings
from django.http import HttpResponse

from ops.requestid import RequestIdMiddleware

NGINX_ID = "4f1c2a9be0d34c8e9a7b6c5d4e3f2a1b"


def console() -> logging.Handler:
    """The console handler settings.LOGGING installed on the root logger."""
    return next(h for h in logging.getLogger().handlers if h.get_name() == "console")


@contextmanager
def console_output(formatter: str = "plain"):
    """What the console handler writes meanwhile, formatted as LOGGING's ``formatter``."""
    handler, stream = console(), io.StringIO()
    configurator = logging.config.DictConfigurator(django_settings.LOGGING)
    old_stream, old_formatter = handler.setStream(stream), handler.formatter
    handler.setFormatter(
        configurator.configure_formatter(django_settings.LOGGING["formatters"][formatter])
    )
    try:
        yield stream
    finally:
        handler.setStream(old_stream)
        handler.setFormatter(old_formatter)


def answered(request, work=lambda: None):
    def view(request):
        work()
        logging.getLogger("tests.ops").warning("in the view")
        return HttpResponse("ok")

    return RequestIdMiddleware(view)(request)
