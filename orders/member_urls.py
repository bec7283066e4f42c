"""The coordinator's roster of mothers; the project mounts it at /co/members/ (inside the
language prefix). The card's sign-in address, /accounts/card/, is in config.urls."""

from django.urls import path

from orders import member_views as views

urlpatterns = [
    path("", views.member_list, name="co_members"),
    path("new/", views.member_new, name="co_member_new"),
    path("<int:membership_id>/", views.member_edit, name="co_member"),
    path("<int:membership_id>/deactivate/", views.member_deactivate, name="co_member_deactivate"),
    path("<int:membership_id>/reactivate/", views.member_reactivate, name="co_member_reactivate"),
    path("<int:membership_id>/card/", views.member_card, name="co_member_card"),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        views.invitation_withdraw_view,
        name="co_invitation_withdraw",
    ),
]
