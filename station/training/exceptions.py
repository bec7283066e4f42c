"""What can stop a sign-up, a cancellation or a roll call, in the reader's language."""

from django.utils.translation import gettext as _

from marketplace.exceptions import MarketError


class TrainingError(MarketError):
    """A training step that cannot be; ``message`` says why."""


class AlreadySignedUp(TrainingError):
    def __init__(self):
        super().__init__(_("You have signed up for this course already."))


class AlreadyCompleted(TrainingError):
    def __init__(self):
        super().__init__(_("You have completed this course already."))


class CourseStarted(TrainingError):
    def __init__(self):
        super().__init__(
            _("This course has begun: sign-ups and cancellations are closed. Ask the station.")
        )


class NoChildRoom(TrainingError):
    def __init__(self):
        super().__init__(
            _("The mother-and-baby room is not open for this course: sign up without a child.")
        )


class NotSignedUp(TrainingError):
    def __init__(self):
        super().__init__(_("You are not signed up for this course."))


class CompletedAlready(TrainingError):
    """Staff may not take attendance back once it completed the course."""

    def __init__(self):
        super().__init__(
            _("She has completed the course: her attendance can no longer be taken back.")
        )


class NoSeat(TrainingError):
    def __init__(self):
        super().__init__(_("Only women with a seat on the course can be marked present."))
