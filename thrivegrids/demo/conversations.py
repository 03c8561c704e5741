"""Demo conversations for `make demo`: a year of recorded conversations for the ten demo young
people, so timelines, summaries and the team page have something real-looking to show.

Deterministic (a seeded Random) and idempotent (skips an organisation that has conversations).
Everything goes through the services, so the audit log reads as if practitioners had done it.
The text is invented for the demo; it describes no real person.
"""

import datetime
import random

from django.utils import timezone

from thrivegrids.accounts.models import Membership
from thrivegrids.accounts.permissions import Role
from thrivegrids.conversations import services
from thrivegrids.conversations.drafts import ConversationDraft, VoiceDraft
from thrivegrids.conversations.models import Conversation, Decision, VoiceRole
from thrivegrids.conversations.priorities import Priority
from thrivegrids.core.thrive import NeedsGroup
from thrivegrids.grids.models import GridVersion
from thrivegrids.records.models import YoungPerson

# Which topic each demo young person talks about (by the last digit of their reference).
TOPICS = ["low-mood", "generalised-anxiety", "self-harm", "adhd", "low-mood"]
WHAT_MATTERS = {
    VoiceRole.YOUNG_PERSON: [
        "Not missing football on Saturdays",
        "Not having to talk in front of my family",
        "Something I can do on my phone",
        "Starting soon, before exams",
        "Not taking tablets",
        "Seeing someone who gets it",
    ],
    VoiceRole.PARENT_CARER: [
        "Knowing how to help at home",
        "Something that fits round work",
        "Being kept in the loop",
        "That school knows what is going on",
    ],
    VoiceRole.PRACTITIONER: [
        "Starting something now rather than waiting",
        "Keeping them safe while we decide",
        "Trying the least intensive help that fits first",
        "A plan school can support",
    ],
}
NEXT_STEPS = [
    "Try the self-help app for two weeks, then talk again",
    "Talk it over at home and ring the team with a decision",
    "Visit the youth hub's drop-in before deciding",
]
REASONS = {
    NeedsGroup.GETTING_ADVICE: "Managing day to day with some advice and self-help",
    NeedsGroup.GETTING_HELP: "Wants focused help with clear goals for a few months",
    NeedsGroup.GETTING_MORE_HELP: "Difficulties have lasted; more specialist help agreed",
}
CONVERSATIONS_PER_PERSON = (4, 6)


def _versions(topic):
    published = GridVersion.objects.published().filter(grid__topic__slug=topic)
    oldest = {}
    newest = {}
    for version in published.order_by("number"):
        oldest.setdefault(version.grid.setting, version)
        newest[version.grid.setting] = version
    return oldest, newest


def load_demo_conversations(stdout, today=None):
    """Recorded conversations for every demo young person; returns them (for demo feedback)."""
    today = today or timezone.localdate()
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    made = []
    for young_person in YoungPerson.objects.select_related("organisation").order_by("pk"):
        if young_person.conversations.exists():
            continue
        practitioner = (
            Membership.objects.filter(
                organisation=young_person.organisation,
                role__in=[Role.PRACTITIONER, Role.TEAM_LEAD],
            )
            .select_related("user")
            .first()
        )
        if practitioner is None:
            continue
        made.extend(_conversations_for(young_person, practitioner.user, rng, today))
    if made:
        stdout.write(f"Demo conversations: {len(made)} recorded for the demo young people.")
    return made


def _conversations_for(young_person, by, rng, today):
    topic = TOPICS[int(young_person.local_reference[-1]) % len(TOPICS)]
    oldest, newest = _versions(topic)
    count = rng.randint(*CONVERSATIONS_PER_PERSON)
    days_ago = sorted(rng.sample(range(14, 360), count), reverse=True)
    parent_present = bool(young_person.parent_carer_name)
    made = []
    for index, days in enumerate(days_ago):
        # Early conversations show the first published version, so the newer one is offered later.
        pool = oldest if index < count // 2 else newest
        settings = (
            ["nhs", "community"] if rng.random() < 0.6 else [rng.choice(["nhs", "community"])]
        )
        versions = [pool[s] for s in settings if s in pool]
        conversation = services.start_conversation(
            by=by, young_person=young_person, versions=versions
        )
        options = list(services.options_shown(conversation).order_by("version", "position"))
        discussed = rng.sample(options, min(len(options), rng.randint(3, 5)))
        last = index == count - 1
        not_yet = (last and rng.random() < 0.5) or rng.random() < 0.2
        chosen = [] if not_yet else [rng.choice(discussed)]
        voices = {}
        for role in VoiceRole.values:
            if role == VoiceRole.PARENT_CARER and not parent_present:
                continue
            leaning = rng.sample(discussed, rng.randint(1, 2))
            if chosen and rng.random() < 0.7:
                leaning = list({*leaning, chosen[0]})
            voices[role] = VoiceDraft(
                what_matters=rng.choice(WHAT_MATTERS[VoiceRole(role)]),
                priorities=rng.sample(Priority.values, rng.randint(1, 3)),
                leaning_towards=[option.pk for option in leaning],
            )
        draft = ConversationDraft(
            held_on=today - datetime.timedelta(days=days),
            parent_carer_present=parent_present,
            summary_language=conversation.summary_language,
            options_discussed=[option.pk for option in discussed],
            questions="How long is the wait?\nCan school know without my friends knowing?"
            if index == 0
            else "",
            decision=Decision.NOT_YET if not_yet else Decision.CHOSEN,
            options_chosen=[option.pk for option in chosen],
            next_steps=rng.choice(NEXT_STEPS),
            follow_up_on=today + datetime.timedelta(days=28 - days) if last else None,
            voices=voices,
        )
        conversation = services.save_draft(
            by=by, conversation=conversation, base_revision=conversation.revision, draft=draft
        )
        conversation = services.record_conversation(
            by=by, conversation=conversation, base_revision=conversation.revision
        )
        if index in (0, count - 1) or rng.random() < 0.3:
            group = rng.choice(list(REASONS))
            services.assign_needs_group(
                by=by,
                young_person=young_person,
                group=group,
                reason=REASONS[group],
                conversation=conversation,
                at=timezone.make_aware(
                    datetime.datetime.combine(conversation.held_on, datetime.time(15))
                ),
            )
        made.append(conversation)
    return made


def demo_conversations():
    return list(Conversation.objects.filter(status=Conversation.Status.RECORDED))
