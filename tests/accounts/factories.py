"""Users, organisations and memberships for tests, and signing a test client in all the way."""

import factory
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrivegrids.accounts.models import Membership
from thrivegrids.accounts.permissions import Role
from thrivegrids.organisations.models import Organisation

PASSWORD = "a-long-test-password-123"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test team {n}")
    slug = factory.Sequence(lambda n: f"test-team-{n}")
    kind = Organisation.Kind.TEAM


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(user, create, extracted, **kwargs):
        if create:
            user.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PRACTITIONER


def member(role, organisation=None, **user_fields):
    """A new user with `role` in `organisation` (a new one if not given)."""
    organisation = organisation or OrganisationFactory()
    return MembershipFactory(
        role=role, organisation=organisation, user=UserFactory(**user_fields)
    ).user


def confirmed_device(user):
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in_fully(client, user):
    """force_login, plus a verified second factor in the session (as after the code page)."""
    device = confirmed_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
