from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csp import csp_override
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from config import views
from marketplace import views as marketplace_views
from orders.members.views import roster as member_views
from showcase import views as showcase_views

urlpatterns = [
    path("", include("ops.urls")),  # /healthz, /readyz, /metrics: never language-prefixed
    path(
        "cms/",
        include(
            decorate_urlpatterns(
                wagtailadmin_urls.urlpatterns, csp_override(settings.WAGTAILADMIN_CSP)
            )
        ),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("stripe/webhook/", marketplace_views.stripe_webhook, name="stripe_webhook"),
]

# Chinese at /, English under /en/.
urlpatterns += i18n_patterns(
    path("search/", showcase_views.search, name="search"),
    path("accounts/card/", member_views.CardLoginView.as_view(), name="login_card"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path(
        "accounts/forgot-password/",
        TemplateView.as_view(template_name="registration/forgot_password.html"),
        name="forgot_password",
    ),
    # Only signing out from Django's own account pages: its password change and e-mailed reset
    # pages are not this site's (a mother's new password comes from her coordinator, see
    # forgot_password) and, undressed, they fell back to the absent admin's templates (a 500).
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("marketplace.urls")),
    path("", include("orders.urls")),
    path("station/", include("station.urls")),
    path("co/", include("marketplace.coordinator_urls")),
    path("station/", include("station.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
