import io

import pytest

from thrivegrids.conversations.models import Conversation, NeedsGroupAssignment
from thrivegrids.demo.accounts import SITE, load_demo_accounts
from thrivegrids.demo.conversations import load_demo_conversations
from thrivegrids.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_conversations_give_every_young_person_a_recorded_history(demo_grids):
    Organisation.objects.create(slug=SITE, name="Example Valley", kind=Organisation.Kind.SITE)
    load_demo_accounts(io.StringIO())
    made = load_demo_conversations(io.StringIO())
    assert len(made) >= 40
    assert all(conversation.is_recorded for conversation in made)
    assert Conversation.objects.values("young_person").distinct().count() == 10
    # Later conversations come back to the earlier ones.
    assert Conversation.objects.filter(follows__isnull=False).count() == len(made) - 10
    # Some show an older grid version, so the "newer version" offer has something to show.
    assert Conversation.objects.filter(grids__version__number=1).exists()
    assert Conversation.objects.filter(grids__version__number=2).exists()
    assert NeedsGroupAssignment.objects.count() >= 20
    # Loading again adds nothing.
    assert load_demo_conversations(io.StringIO()) == []
