from django.utils.translation import gettext_lazy as _


class MatchingError(Exception):
    message = _("That cannot be done.")


class NotAFit(MatchingError):
    message = _("That position does not fit her registration.")


class AlreadyRecommended(MatchingError):
    message = _("That position has already been recommended to her.")
