"""The friendly-employer directory (a routable Wagtail page: the list, one page per employer,
its print view and PDF), the employers' own staff, and rights help: the consultation page and
the requests it receives, which only the federation's staff may read."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from showcase.models import RestrictionsInOneQuery
from station.models.parties import Employer

# Whoever holds it reads and answers rights requests (the federation's group, migration 0003).
RIGHTS_PERMISSION = "station.handle_rightsrequest"


class EmployerStaff(models.Model):
    """A user who keeps one employer's positions current (open or closed, hours, openings),
    and no other employer's."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_roles"
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="staff", verbose_name=_("employer")
    )

    class Meta:
        verbose_name = _("employer's staff")
        verbose_name_plural = _("employers' staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "employer"], name="employer_staff_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.employer}"


class DirectoryPage(RestrictionsInOneQuery, RoutablePageMixin, Page):
    """The 妈妈岗 friendly-employer directory: positions searched and filtered, one page per
    employer, and the offline list (print view and PDF) of what is shown."""

    intro = models.TextField(_("introduction"), blank=True)

    template = "station/directory/directory_page.html"
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["showcase.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("friendly-employer directory")

    @path("")
    def listing(self, request):
        from station.directory import views

        return views.listing(request, self)

    @path("print/")
    def printable(self, request):
        from station.directory import views

        return views.printable(request, self)

    @path("pdf/")
    def pdf(self, request):
        from station.directory import views

        return views.pdf(request, self)

    @re_path(r"^employers/(?P<slug>[-\w]+)/$")
    def employer(self, request, slug):
        from station.directory import views

        return views.employer(request, self, slug)

    def get_sitemap_urls(self, request=None):
        from station.directory.selectors import employers_listed

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for employer in employers_listed():
            urls.append(
                {
                    "location": f"{base}{self.reverse_subpage('employer', args=[employer.slug])}",
                    "lastmod": employer.updated,
                }
            )
        return urls


class RightsPage(RestrictionsInOneQuery, Page):
    """Rights help (妇女儿童维权咨询): when and where the federation's lawyers sit, their
    phone, and a short request form (station.rights) whose requests only the federation's
    staff see."""

    intro = models.TextField(_("introduction"), blank=True)
    hours = models.CharField(
        _("consultation hours"),
        max_length=200,
        help_text=_("For example: Tuesday, Thursday and Saturday mornings, 9:00 to 11:30."),
    )
    place = models.CharField(_("place"), max_length=200)
    phone = models.CharField(_("phone"), max_length=32)
    urgent_note = models.CharField(
        _("in an emergency"),
        max_length=300,
        blank=True,
        help_text=_("What to do when it cannot wait for the consultation hours."),
    )

    template = "station/rights/rights_page.html"
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("hours"), FieldPanel("place"), FieldPanel("phone")],
            heading=_("Consultation"),
        ),
        FieldPanel("urgent_note"),
    ]
    parent_page_types = ["showcase.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("rights help page")

    def serve(self, request, *args, **kwargs):
        from station.rights import views

        return views.rights_page(request, self)


class RightsTopic(models.TextChoices):
    LABOUR = "labour", _("A dispute at work")
    CONTRACT = "contract", _("Signing a contract")
    EQUAL = "equal", _("Equal treatment at work")
    FAMILY = "family", _("Family and children")
    OTHER = "other", _("Something else")


class RightsStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class RightsRequest(models.Model):
    """A request for rights help, as she sent it. Never public: only holders of
    ``station.handle_rightsrequest`` read it, through station.rights."""

    name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=32)
    topic = models.CharField(_("topic"), max_length=20, choices=RightsTopic.choices)
    what_happened = models.TextField(_("what happened"), max_length=2000)
    consent = models.BooleanField(_("consents to be contacted"), default=False)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RightsStatus.choices, default=RightsStatus.NEW
    )
    note = models.TextField(_("staff note"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rights request")
        verbose_name_plural = _("rights requests")
        permissions = [("handle_rightsrequest", "Can read and answer rights requests")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent=True), name="rights_request_with_consent"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.get_topic_display()}"
