"""Background tasks (django-tasks): the overdue-review job, started by
`manage.py mark_overdue_reviews` (run it daily; `make demo` runs it once before serving)."""

from django_tasks import task

from thrivegrids.careplans import overdue


@task()
def mark_overdue_reviews() -> int:
    """Mark overdue reviews and email each plan's practitioner once per missed date; how many."""
    return overdue.mark_overdue_reviews()
