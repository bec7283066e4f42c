"""Training at the station: courses (Wagtail pages, in Chinese and English) with their
sessions, the women who sign up for them, their attendance and the completions that grant a
course's skill.

A course and its translation are two pages sharing a ``translation_key``. Its facts — the
skill, the area, the seats, the mother-and-baby room and the sessions — are those of the
page in the site's default language (Chinese, ``CoursePage.original``): sign-ups, attendance
and completions all point at that page, so a woman reading the English page joins the same
course, and counts are never split between two languages.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Locale, Orderable, Page

from marketplace.models import display_name_of


class CourseIndexPage(Page):
    """The station's training school: the courses open for sign-up, soonest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["showcase.HomePage"]
    subpage_types = ["station.CoursePage"]
    max_count_per_parent = 1
    template = "station/training/course_index_page.html"

    class Meta:
        verbose_name = _("training courses")

    def get_context(self, request, *args, **kwargs):
        from station.training.selectors import course_pages  # selectors import these models

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = course_pages(self)
        return context


class CoursePage(Page):
    """A course of the station's school: what it teaches, where, for how many, and whether
    children are looked after in the mother-and-baby room meanwhile."""

    skill = models.ForeignKey(
        "orders.Skill",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skill taught"),
        help_text=_("Completing the course grants this skill in each of her cooperatives."),
    )
    area = models.ForeignKey(
        "station.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("seats"), default=20)
    childcare_open = models.BooleanField(_("mother-and-baby room open"), default=False)
    child_places = models.PositiveSmallIntegerField(
        _("children the room takes"), default=0, help_text=_("One place per child.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("skill"),
                FieldPanel("area"),
                FieldPanel("capacity"),
                FieldPanel("childcare_open"),
                FieldPanel("child_places"),
            ],
            heading=_("The course (the Chinese page's facts count for both languages)"),
        ),
        InlinePanel("sessions", heading=_("Sessions"), label=_("session"), min_num=1),
    ]
    parent_page_types = ["station.CourseIndexPage"]
    subpage_types = []
    template = "station/training/course_page.html"

    class Meta:
        verbose_name = _("training course")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_has_seats"),
        ]

    def clean(self):
        super().clean()
        if self.childcare_open and not self.child_places:
            raise ValidationError({"child_places": _("Say how many children the open room takes.")})

    @property
    def original(self) -> "CoursePage":
        """The page in the site's default language, whose facts and sign-ups count."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        original = CoursePage.objects.filter(
            translation_key=self.translation_key, locale=default
        ).first()
        return original or self  # a translation whose Chinese page was deleted stands alone

    @property
    def child_places_open(self) -> int:
        """How many children the room takes (none while it is closed)."""
        return self.child_places if self.childcare_open else 0

    def get_context(self, request, *args, **kwargs):
        from station.training.selectors import course_view  # selectors import these models

        context = super().get_context(request, *args, **kwargs)
        context["view"] = course_view(page=self, user=request.user)
        return context


class CourseSession(Orderable):
    """One meeting of a course; a woman who attended every one has completed it."""

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    place = models.CharField(_("place (Chinese)"), max_length=200)
    # The English page shows the Chinese page's sessions (its facts), so the place has its
    # English rendering here rather than on a session of the English page.
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)

    panels = [
        FieldPanel("date"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("place"),
        FieldPanel("place_en"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["date", "starts_at", "sort_order"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="course_session_hours_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    @property
    def display_place(self) -> str:
        return display_name_of(self.place, self.place_en)

    def clean(self):
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", pgettext_lazy("course", "Has a seat")
    WAITING = "waiting", pgettext_lazy("course", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("course", "Cancelled")


class Enrolment(models.Model):
    """A woman's sign-up for a whole course: a seat, or her place on the waiting list, which
    is served in the order of ``queued_at``. One per woman and course: signing up again after
    cancelling reuses it, at the back of the list."""

    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("course")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_enrolments",
        verbose_name=_("user"),
    )
    status = models.CharField(_("status"), max_length=20, choices=EnrolmentStatus.choices)
    with_child = models.BooleanField(_("brings a child"), default=False)
    queued_at = models.DateTimeField(_("signed up"), default=timezone.now)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("course sign-up")
        verbose_name_plural = _("course sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="enrolment_once"),
        ]
        indexes = [models.Index(fields=["course", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.course} ({self.get_status_display()})"


class Attendance(models.Model):
    """She was there: recorded by the station's staff of the course's area. No row, not
    there."""

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.user} · {self.session}"


class Completion(models.Model):
    """She completed the course (attended every session): its skill is hers in each of her
    cooperatives, now and in any she joins later. Exactly one per woman and course."""

    course = models.ForeignKey(
        CoursePage, on_delete=models.PROTECT, related_name="completions", verbose_name=_("course")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_completions",
        verbose_name=_("user"),
    )
    # The skill the course taught when she completed it: an editor changing the page later
    # does not change what she was trained in.
    skill = models.ForeignKey(
        "orders.Skill", on_delete=models.PROTECT, related_name="+", verbose_name=_("skill")
    )
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-completed_at", "-pk"]
        verbose_name = _("course completed")
        verbose_name_plural = _("courses completed")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="completion_once"),
        ]
        indexes = [models.Index(fields=["completed_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"
