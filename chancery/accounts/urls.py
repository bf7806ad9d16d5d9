"""The pages of a user's own account, under /accounts/."""

from django.urls import path

from . import views

urlpatterns = [
    path("login/code/", views.code_step, name="code"),
    path("two-factor/enrol/", views.enrol, name="enrol"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
