from django.urls import path

from marketplace import views

urlpatterns = [
    path("cart/", views.cart_view, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/update/", views.cart_update, name="cart_update"),
    path("checkout/", views.checkout, name="checkout"),
    path("purchases/", views.my_purchases, name="my_purchases"),
    path("purchases/<str:token>/", views.purchase_detail, name="purchase"),
    path("purchases/<str:token>/pay/", views.purchase_pay, name="purchase_pay"),
]
