"""The members' addresses: the coordinator's roster at /co/members/ and a mother's
invitations at /work/invitations/ (mounted by orders.urls). The card's sign-in address,
/accounts/card/, is in config.urls."""

from django.urls import path

from orders.members.views import invitations, roster

coordinator_urlpatterns = [
    path("", roster.member_list, name="co_members"),
    path("new/", roster.member_new, name="co_member_new"),
    path("<id:membership_id>/", roster.member_edit, name="co_member"),
    path("<id:membership_id>/deactivate/", roster.member_deactivate, name="co_member_deactivate"),
    path("<id:membership_id>/reactivate/", roster.member_reactivate, name="co_member_reactivate"),
    path("<id:membership_id>/card/", roster.member_card, name="co_member_card"),
    path(
        "invitations/<id:invitation_id>/withdraw/",
        roster.invitation_withdraw_view,
        name="co_invitation_withdraw",
    ),
]

mother_urlpatterns = [
    path(
        "invitations/<id:invitation_id>/",
        invitations.work_invitation,
        name="work_invitation",
    ),
]
