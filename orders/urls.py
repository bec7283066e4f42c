"""The mother's side; the project mounts it at /work/ (inside the language prefix)."""

from django.urls import path

from orders import insights_views, invitation_views, mine_views, money_views, views

urlpatterns = [
    path("", views.work_open, name="work_open"),
    path("orders/<int:order_id>/", views.work_order, name="work_order"),
    path(
        "invitations/<int:invitation_id>/",
        invitation_views.work_invitation,
        name="work_invitation",
    ),
    path("mine/", mine_views.work_mine, name="work_mine"),
    path("claims/<int:claim_id>/", mine_views.work_claim, name="work_claim"),
    path("money/", money_views.work_money, name="work_money"),
    path("insights/", insights_views.work_insights, name="work_insights"),
    path(
        "money/payouts/<int:payout_id>/received/",
        money_views.payout_received,
        name="work_payout_received",
    ),
    path(
        "money/payouts/<int:payout_id>/problem/",
        money_views.payout_problem,
        name="work_payout_problem",
    ),
]
