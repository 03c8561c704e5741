"""The taxonomies ThriveGrids ships, with fixed ids so every site and export agrees on them.

Ids are UUIDv5 names under one namespace: a term's id never changes, so an exported feed can be
read by another site, and a standard Open Referral client sees our extras (THRIVE group, topic,
option kind, setting, access route) as ordinary taxonomy terms on ordinary attributes.

Migration 0002 writes these rows; a test checks the database matches this module.
"""

import uuid
from dataclasses import dataclass

# Marks option-kind names for translation without translating them here: feeds stay English.
from django.utils.translation import gettext_noop as N_

NAMESPACE = uuid.UUID("6f1f8a52-3c1e-4d5e-9a57-2b8c1d0e7a41")


def vocabulary_id(*parts):
    """A stable UUID for a taxonomy, a term, or a synthesised attribute."""
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


@dataclass(frozen=True)
class VocabularyTaxonomy:
    code: str
    name: str
    description: str
    link_type: str
    terms: tuple  # (code, name, description)

    @property
    def id(self):
        return vocabulary_id("taxonomy", self.code)

    def term_id(self, code):
        return vocabulary_id("term", self.code, code)


THRIVE = VocabularyTaxonomy(
    code="thrive-needs-groups",
    name="THRIVE needs-based groups",
    description="The five needs-based groups of the THRIVE Framework for system change.",
    link_type="thrive_needs_group",
    terms=(
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
        ("getting-more-help", "Getting more help", "Needing more, longer or more specialist help."),
        (
            "getting-risk-support",
            "Getting risk support",
            "Needing support to stay safe when things are risky, often from several services together.",
        ),
    ),
)

TOPICS = VocabularyTaxonomy(
    code="grid-topics",
    name="ThriveGrids topics",
    description="The difficulties young people ask about, one per pair of ThriveGrids decision grids.",
    link_type="topic",
    terms=(
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
    ),
)

# The `kind` of each option in content/grids/*.yaml (a test checks none is missing).
OPTION_KINDS = VocabularyTaxonomy(
    code="option-kinds",
    name="ThriveGrids option kinds",
    description="Kinds of help and support offered as options on the ThriveGrids decision grids.",
    link_type="option_kind",
    terms=(
        (
            "assessment",
            N_("Assessment"),
            "Finding out more about what is going on, with a professional.",
        ),
        ("coaching", N_("Coaching"), "Working with a coach on goals, routines and skills."),
        (
            "creative-activity",
            N_("Creative activity"),
            "Art, music, drama or writing as a way to feel better.",
        ),
        ("crisis-care", N_("Crisis care"), "Urgent help when someone is not safe."),
        ("family-support", N_("Family support"), "Help for parents, carers and families."),
        (
            "guided-self-help",
            N_("Guided self-help"),
            "Self-help materials with regular support from a practitioner.",
        ),
        ("helpline", N_("Helpline"), "Someone to talk to by phone, text or webchat."),
        ("medication", N_("Medication"), "Medicine prescribed and reviewed by a doctor."),
        ("mindfulness", N_("Mindfulness"), "Learning to notice thoughts and feelings calmly."),
        ("online-support", N_("Online support"), "Help through websites, apps or online groups."),
        ("peer-support", N_("Peer support"), "Support from people with similar experiences."),
        ("physical-activity", N_("Physical activity"), "Sport, exercise or being active outdoors."),
        ("school-support", N_("School support"), "Help in school or college."),
        (
            "self-help",
            N_("Self-help"),
            "Things you can do on your own, with books, apps or websites.",
        ),
        (
            "talking-therapy",
            N_("Talking therapy"),
            "Talking with a trained therapist, such as CBT.",
        ),
        (
            "youth-counselling",
            N_("Youth counselling"),
            "Counselling for young people, often in the community.",
        ),
    ),
)

SETTINGS = VocabularyTaxonomy(
    code="settings",
    name="ThriveGrids setting",
    description="Whether help is delivered in the NHS or in the community.",
    link_type="setting",
    terms=(
        ("nhs", "In the NHS", "Delivered by or for the NHS."),
        (
            "community",
            "In the community",
            "Delivered by community organisations, charities, councils or schools.",
        ),
    ),
)

ACCESS_ROUTES = VocabularyTaxonomy(
    code="access-routes",
    name="ThriveGrids access route",
    description="How a young person can get the service.",
    link_type="access_route",
    terms=(
        ("self-referral", "Self-referral", "You can contact the service yourself."),
        ("referral", "Referral needed", "A professional such as a GP or school must refer you."),
        ("drop-in", "Drop-in", "Turn up in opening hours, no appointment needed."),
    ),
)

TAXONOMIES = (THRIVE, TOPICS, OPTION_KINDS, SETTINGS, ACCESS_ROUTES)
# Setting and access route are Service columns; they appear in Open Referral as attributes.
COLUMN_TAXONOMIES = {"setting": SETTINGS, "access_route": ACCESS_ROUTES}


def term_dict(taxonomy, code, name, description):
    """A built-in term in Open Referral form."""
    return {
        "id": str(taxonomy.term_id(code)),
        "name": name,
        "description": description,
        "taxonomy": taxonomy.name,
        "taxonomy_id": str(taxonomy.id),
        "term": code,
    }


def built_in_terms():
    """Term id (str) -> Open Referral term dict, for every built-in term."""
    return {
        str(taxonomy.term_id(code)): term_dict(taxonomy, code, name, description)
        for taxonomy in TAXONOMIES
        for code, name, description in taxonomy.terms
    }


def column_term(column, code):
    """The (taxonomy, term dict) expressing a Service column value, such as setting "nhs"."""
    taxonomy = COLUMN_TAXONOMIES[column]
    for term_code, name, description in taxonomy.terms:
        if term_code == code:
            return taxonomy, term_dict(taxonomy, term_code, name, description)
    raise KeyError(code)


def column_for_term(term_id):
    """(column, code) when a term id is a built-in setting or access-route term, else None."""
    for column, taxonomy in COLUMN_TAXONOMIES.items():
        for code, *_ in taxonomy.terms:
            if str(taxonomy.term_id(code)) == str(term_id):
                return column, code
    return None


def column_for_taxonomy(taxonomy_id):
    for column, taxonomy in COLUMN_TAXONOMIES.items():
        if str(taxonomy.id) == str(taxonomy_id):
            return column
    return None
