"""The taxonomies ThriveGrids ships: THRIVE needs-based groups, grid topics, option kinds,
setting and access route. Ids are fixed (UUIDv5) so exports from every site agree.

The data is copied here, not imported, so this migration keeps its meaning if vocabulary.py
changes; test_vocabulary checks the two match.
"""

import uuid

from django.db import migrations

NAMESPACE = uuid.UUID("6f1f8a52-3c1e-4d5e-9a57-2b8c1d0e7a41")

TAXONOMIES = [
    (
        "thrive-needs-groups",
        "THRIVE needs-based groups",
        "The five needs-based groups of the THRIVE Framework for system change.",
        [
            ("thriving", "Thriving", "Doing OK day to day, with support to stay well."),
            (
                "getting-advice",
                "Getting advice and signposting",
                "Needing advice or information to manage on your own, or with people around you.",
            ),
            (
                "getting-help",
                "Getting help",
                "Needing focused help for a while, working towards goals you set.",
            ),
            (
                "getting-more-help",
                "Getting more help",
                "Needing more, longer or more specialist help.",
            ),
            (
                "getting-risk-support",
                "Getting risk support",
                "Needing support to stay safe when things are risky, often from several services together.",
            ),
        ],
    ),
    (
        "grid-topics",
        "ThriveGrids topics",
        "The difficulties young people ask about, one per pair of ThriveGrids decision grids.",
        [
            ("low-mood", "Low mood", "Feeling sad, empty or flat most of the time."),
            (
                "generalised-anxiety",
                "Worry and anxiety",
                "Worrying a lot about many different things, and finding it hard to stop.",
            ),
            (
                "self-harm",
                "Self-harm",
                "Hurting yourself on purpose as a way of coping with difficult feelings.",
            ),
            (
                "adhd",
                "ADHD",
                "Finding it much harder than others your age to concentrate, sit still or wait your turn.",
            ),
        ],
    ),
    (
        "option-kinds",
        "ThriveGrids option kinds",
        "Kinds of help and support offered as options on the ThriveGrids decision grids.",
        [
            (
                "assessment",
                "Assessment",
                "Finding out more about what is going on, with a professional.",
            ),
            ("coaching", "Coaching", "Working with a coach on goals, routines and skills."),
            (
                "creative-activity",
                "Creative activity",
                "Art, music, drama or writing as a way to feel better.",
            ),
            ("crisis-care", "Crisis care", "Urgent help when someone is not safe."),
            ("family-support", "Family support", "Help for parents, carers and families."),
            (
                "guided-self-help",
                "Guided self-help",
                "Self-help materials with regular support from a practitioner.",
            ),
            ("helpline", "Helpline", "Someone to talk to by phone, text or webchat."),
            ("medication", "Medication", "Medicine prescribed and reviewed by a doctor."),
            ("mindfulness", "Mindfulness", "Learning to notice thoughts and feelings calmly."),
            ("online-support", "Online support", "Help through websites, apps or online groups."),
            ("peer-support", "Peer support", "Support from people with similar experiences."),
            ("physical-activity", "Physical activity", "Sport, exercise or being active outdoors."),
            ("school-support", "School support", "Help in school or college."),
            (
                "self-help",
                "Self-help",
                "Things you can do on your own, with books, apps or websites.",
            ),
            (
                "talking-therapy",
                "Talking therapy",
                "Talking with a trained therapist, such as CBT.",
            ),
            (
                "youth-counselling",
                "Youth counselling",
                "Counselling for young people, often in the community.",
            ),
        ],
    ),
    (
        "settings",
        "ThriveGrids setting",
        "Whether help is delivered in the NHS or in the community.",
        [
            ("nhs", "In the NHS", "Delivered by or for the NHS."),
            (
                "community",
                "In the community",
                "Delivered by community organisations, charities, councils or schools.",
            ),
        ],
    ),
    (
        "access-routes",
        "ThriveGrids access route",
        "How a young person can get the service.",
        [
            ("self-referral", "Self-referral", "You can contact the service yourself."),
            (
                "referral",
                "Referral needed",
                "A professional such as a GP or school must refer you.",
            ),
            ("drop-in", "Drop-in", "Turn up in opening hours, no appointment needed."),
        ],
    ),
]


def create_taxonomies(apps, schema_editor):
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    for code, name, description, terms in TAXONOMIES:
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=uuid.uuid5(NAMESPACE, f"taxonomy:{code}"),
            defaults={"name": name, "description": description},
        )
        for term_code, term_name, term_description in terms:
            TaxonomyTerm.objects.update_or_create(
                id=uuid.uuid5(NAMESPACE, f"term:{code}:{term_code}"),
                defaults={
                    "taxonomy": taxonomy,
                    "term": term_code,
                    "name": term_name,
                    "description": term_description,
                    "taxonomy_text": name,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create_taxonomies, migrations.RunPython.noop)]
