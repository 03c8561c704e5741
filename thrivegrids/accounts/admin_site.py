"""The staff admin: staff who have given the second factor, signing in through our own pages.

django-otp's OTPAdminSite refuses staff whose session has no verified device. Its login form is
replaced by a redirect to the ThriveGrids sign-in (password, then code, both counted by django-axes).
The demo-only THRIVEGRIDS_DEMO_OTP_BYPASS (refused unless DEBUG) lets staff in without the code.
"""

from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite

from thrivegrids.accounts import second_factor


class StaffAdminSite(OTPAdminSite):
    site_header = "ThriveGrids staff"

    def __init__(self, name="admin"):
        super().__init__(name)

    def has_permission(self, request):
        if second_factor.bypassed():
            return AdminSite.has_permission(self, request)
        return super().has_permission(request)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if user.is_authenticated and second_factor.second_factor_done(user):
            if self.has_permission(request):
                return redirect(next_url)
            raise PermissionDenied
        query = urlencode({"next": next_url})
        return redirect(f"{reverse('accounts:sign_in')}?{query}")
