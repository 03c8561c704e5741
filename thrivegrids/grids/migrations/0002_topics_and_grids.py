"""The four grid topics and their NHS and community grids."""

from django.db import migrations

TOPICS = [
    {
        "slug": "low-mood",
        "position": 1,
        "current_view_code": 9,
        "shows_crisis_contacts": False,
        "needs_groups": ["getting-advice", "getting-help", "getting-more-help"],
        "text": {
            "en": {
                "name": "Low mood",
                "summary": "Feeling sad, empty or flat most of the time, or losing interest in things you used to enjoy.",
            },
            "ar": {
                "name": "المزاج المنخفض",
                "summary": "الشعور بالحزن أو الفراغ أو الفتور معظم الوقت، أو فقدان الاهتمام بأشياء كنت تستمتع بها.",
            },
        },
    },
    {
        "slug": "generalised-anxiety",
        "position": 2,
        "current_view_code": 3,
        "shows_crisis_contacts": False,
        "needs_groups": ["getting-advice", "getting-help", "getting-more-help"],
        "text": {
            "en": {
                "name": "Worry and anxiety",
                "summary": "Worrying a lot about many different things, and finding it hard to stop.",
            },
            "ar": {
                "name": "القلق",
                "summary": "القلق كثيرًا بشأن أمور مختلفة، وصعوبة التوقف عن ذلك.",
            },
        },
    },
    {
        "slug": "self-harm",
        "position": 3,
        "current_view_code": 10,
        "shows_crisis_contacts": True,
        "needs_groups": [
            "getting-advice",
            "getting-help",
            "getting-more-help",
            "getting-risk-support",
        ],
        "text": {
            "en": {
                "name": "Self-harm",
                "summary": "Hurting yourself on purpose as a way of coping with difficult feelings.",
            },
            "ar": {
                "name": "إيذاء النفس",
                "summary": "إيذاء نفسك عمدًا كطريقة للتعامل مع المشاعر الصعبة.",
            },
        },
    },
    {
        "slug": "adhd",
        "position": 4,
        "current_view_code": 14,
        "shows_crisis_contacts": False,
        "needs_groups": ["getting-advice", "getting-help", "getting-more-help"],
        "text": {
            "en": {
                "name": "ADHD: finding it hard to concentrate or sit still",
                "summary": "Finding it much harder than others your age to concentrate, sit still or wait your turn.",
            },
            "ar": {
                "name": "فرط الحركة وتشتت الانتباه: صعوبة التركيز أو الجلوس بهدوء",
                "summary": "أن تجد صعوبة أكبر ممن هم في عمرك في التركيز أو الجلوس بهدوء أو انتظار دورك.",
            },
        },
    },
]


def create_topics(apps, schema_editor):
    Topic = apps.get_model("grids", "Topic")
    Grid = apps.get_model("grids", "Grid")
    # Only the fields the model has: the browser tests call this with today's models, which no
    # longer have shows_crisis_contacts (urgent help is on every topic, grids migration 0004).
    fields = {field.name for field in Topic._meta.get_fields()}
    for data in TOPICS:
        topic, _ = Topic.objects.update_or_create(
            slug=data["slug"],
            defaults={k: v for k, v in data.items() if k != "slug" and k in fields},
        )
        for setting in ("nhs", "community"):
            Grid.objects.get_or_create(topic=topic, setting=setting)


class Migration(migrations.Migration):
    dependencies = [("grids", "0001_initial")]
    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop)]
