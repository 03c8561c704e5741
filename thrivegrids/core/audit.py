"""Writing audit events. Services call record_event inside their transaction.

Every action is a member of AuditAction, with a label the audit trail page shows; record_event
refuses any other, so a new kind of event cannot reach the log without a human-readable name.
"""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from thrivegrids.core.models import AuditEvent


class AuditAction(models.TextChoices):
    # Young people's records (records, caseload)
    YOUNG_PERSON_CREATE = "young_person.create", _("Added the record")
    YOUNG_PERSON_UPDATE = "young_person.update", _("Changed the record")
    YOUNG_PERSON_VIEW = "young_person.view", _("Looked at the record")
    YOUNG_PERSON_LIST = "young_person.list", _("Looked at the list of young people")
    YOUNG_PERSON_NEEDS_GROUP = "young_person.needs_group", _("Added a THRIVE needs-based group")
    AUDIT_TRAIL_VIEW = "audit_trail.view", _("Looked at the audit trail")
    # Accounts
    MEMBERSHIP_ADD = "membership.add", _("Gave someone a role in the organisation")
    MEMBERSHIP_CHANGE = "membership.change", _("Changed someone's role in the organisation")
    ACCOUNT_SIGN_IN = "account.sign_in", _("Signed in")
    ACCOUNT_SECOND_FACTOR = (
        "account.second_factor",
        _("Confirmed sign-in with an authenticator code"),
    )
    ACCOUNT_SECOND_FACTOR_SET_UP = "account.second_factor_set_up", _("Set up an authenticator app")
    ACCOUNT_RECOVERY_CODE = "account.recovery_code", _("Confirmed sign-in with a recovery code")
    ACCOUNT_SECOND_FACTOR_RESET = (
        "account.second_factor_reset",
        _("Reset someone's authenticator app and recovery codes"),
    )
    SET_UP_LINK_CREATE = "set_up_link.create", _("Made an authenticator set-up link")
    SET_UP_LINK_REFUSE = (
        "set_up_link.refuse",
        _("Refused an authenticator set-up link that had ended or was used"),
    )
    ACCOUNT_SIGN_OUT = "account.sign_out", _("Signed out")
    API_CLIENT_CREATE = "api_client.create", _("Made an API client and its token")
    API_CLIENT_REVOKE = "api_client.revoke", _("Stopped an API client's token")
    # The FHIR API (api/fhir): the actor is the API client, named in actor_label
    FHIR_READ = "fhir.read", _("An API client read a record through FHIR")
    FHIR_SEARCH = "fhir.search", _("An API client searched records through FHIR")
    FHIR_EVERYTHING = (
        "fhir.everything",
        _("An API client fetched everything held about a young person through FHIR"),
    )
    FHIR_REFUSE = "fhir.refuse", _("Refused an API client's FHIR request")
    # Conversations and their summaries
    CONVERSATION_CREATE = "conversation.create", _("Started a conversation")
    CONVERSATION_SAVE_DRAFT = "conversation.save_draft", _("Saved a conversation draft")
    CONVERSATION_RECORD = "conversation.record", _("Recorded a conversation")
    CONVERSATION_VIEW = "conversation.view", _("Looked at a conversation")
    CONVERSATION_CORRECT = "conversation.correct", _("Corrected a recorded conversation")
    CONVERSATION_ATTACH_SERVICES = (
        "conversation.attach_services",
        _("Added services to a conversation's summary"),
    )
    SUMMARY_LINK_CREATE = "summary_link.create", _("Made a link to a summary")
    SUMMARY_LINK_CHANGE_EXPIRY = "summary_link.change_expiry", _("Changed when a summary link ends")
    SUMMARY_LINK_REVOKE = "summary_link.revoke", _("Stopped a summary link")
    SUMMARY_LINK_VIEW = "summary_link.view", _("A summary was opened through its link")
    # Care and support plans
    PLAN_START = "plan.start", _("Started a care and support plan")
    PLAN_VIEW = "plan.view", _("Looked at a care and support plan")
    PLAN_SAVE_DRAFT = "plan.save_draft", _("Saved changes to a care and support plan")
    PLAN_AGREE = "plan.agree", _("Agreed a version of a care and support plan")
    GOAL_RATE = "goal.rate", _("Rated progress towards a goal")
    GOALS_RATE = (
        "goal.rate_several",
        _("Rated progress towards the goals of a care and support plan"),
    )
    GOAL_RATING_FORM_VIEW = (
        "goal.rating_form_view",
        _("Opened a care and support plan to rate progress towards its goals"),
    )
    REVIEW_REQUEST = "review.request", _("Asked for a review of a care and support plan")
    REVIEW_HOLD = "review.hold", _("Held a review of a care and support plan")
    REVIEW_FORM_VIEW = "review.form_view", _("Opened a care and support plan to hold its review")
    REVIEWS_DUE_VIEW = "review.list", _("Looked at the care and support plan reviews due")
    REVIEW_MARK_OVERDUE = (
        "review.mark_overdue",
        _("Marked a care and support plan review as overdue and told its practitioner"),
    )
    PLAN_LINKS_VIEW = "plan_link.list", _("Looked at the links to a care and support plan")
    PLAN_LINK_CREATE = "plan_link.create", _("Made a link to a care and support plan")
    PLAN_LINK_REVOKE = "plan_link.revoke", _("Stopped a link to a care and support plan")
    PLAN_LINK_VIEW = "plan_link.view", _("A care and support plan was opened through its link")
    # Feedback and team figures (measures)
    FEEDBACK_LINK_VIEW = "feedback_link.view", _("Feedback questions were opened through a link")
    RESPONSE_RECORD = "measures.response.record", _("Recorded feedback answers")
    TEAM_PAGE_VIEW = "measures.team_page.view", _("Looked at the team's figures")
    INSTRUMENT_LOAD = "instrument.load", _("Loaded a feedback questionnaire")
    INSTRUMENT_MARK_VALIDATED = (
        "instrument.mark_validated",
        _("Loaded a feedback questionnaire marked as validated"),
    )
    # Grid content
    GRID_VERSION_CREATE_DRAFT = "grid_version.create_draft", _("Started a new grid draft")
    GRID_VERSION_LOAD = "grid_version.load", _("Loaded grid content from a file")
    GRID_VERSION_PUBLISH = "grid_version.publish", _("Published a grid version")
    GRID_VERSION_RETIRE = "grid_version.retire", _("Retired a grid version")
    LOCAL_OPTION_DETAIL_UPDATE = "local_option_detail.update", _("Changed a local note on a grid")
    TOPIC_SAVE = "topic.save", _("Changed a topic")
    # Directory
    SERVICE_CREATE = "directory.service.create", _("Added a service to the directory")
    SERVICE_UPDATE = "directory.service.update", _("Changed a service in the directory")
    SERVICE_MARK_CHECKED = "directory.service.mark_checked", _("Marked a service as checked")
    SERVICE_IMPORT_CREATED = (
        "directory.service.import_created",
        _("Added a service from an imported feed"),
    )
    SERVICE_IMPORT_UPDATED = (
        "directory.service.import_updated",
        _("Changed a service from an imported feed"),
    )
    SERVICE_IMPORT_TAKEN_OVER = (
        "directory.service.import_taken_over",
        _("Took over a service from another feed or from staff"),
    )
    PLACE_CREATE = "directory.place.create", _("Added a place")
    PLACE_UPDATE = "directory.place.update", _("Changed a place")
    FEED_IMPORT = "directory.feed.import", _("Imported a directory feed")
    FEED_EXPORT = "directory.feed.export", _("Exported the directory feed")
    PLACES_IMPORT = "directory.places.import", _("Imported places")
    FEED_GENERATE = "directory.feed.generate", _("Generated an example directory")
    PROBLEM_REPORT_CREATE = (
        "directory.problem_report.create",
        _("Reported a problem with a service"),
    )
    PROBLEM_REPORT_RESOLVE = "directory.problem_report.resolve", _("Resolved a problem report")
    SHORTLIST_SHARE = "directory.shortlist.share", _("Shared a shortlist of services")


UNKNOWN_ACTION_LABEL = _("Another action")


def action_label(code):
    """The label for a stored action; an action no longer in AuditAction is named generically."""
    try:
        return AuditAction(code).label
    except ValueError:
        return UNKNOWN_ACTION_LABEL


def record_event(
    *, by, action, target, organisation=None, request=None, details=None, actor_label=""
):
    """Append one audit event; `by` is a user, or None for the command line (or `actor_label`)."""
    action = AuditAction(action)  # ValueError for an action without a label
    user = by if getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label="" if user else (actor_label or "command line"),
        organisation=organisation,
        action=action.value,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        request_id=getattr(request, "request_id", "") if request else "",
        details=details or {},
    )


def record_events(*, by, action, model, target_ids, request=None, details=None, actor_label=""):
    """Append one audit event per `model` row in `target_ids` (a feed import's services).

    The events differ only in their target, so the row is prepared once and inserted with one
    statement: a hundred thousand events take a second, not the minute of saving each.
    """
    action = AuditAction(action)
    user = by if getattr(by, "is_authenticated", False) else None
    template = AuditEvent(
        actor=user,
        actor_label="" if user else (actor_label or "command line"),
        action=action.value,
        target_type=model._meta.label_lower,
        request_id=getattr(request, "request_id", "") if request else "",
        details=details or {},
    )
    fields = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
    row = [field.get_db_prep_save(field.pre_save(template, True), connection) for field in fields]
    at = [field.attname for field in fields].index("target_id")
    rows = [(*row[:at], str(target_id), *row[at + 1 :]) for target_id in target_ids]
    if rows:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        marks = ", ".join(["%s"] * len(fields))
        table = quote(AuditEvent._meta.db_table)
        with connection.cursor() as cursor:
            # Only model metadata (quoted names) goes into the SQL; every value is a parameter.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)


def events_for_organisation(organisation, *, target=None, limit=200):
    """The organisation's audit events, newest first, with their actors; optionally about one record."""
    events = AuditEvent.objects.filter(organisation=organisation).select_related("actor")
    if target is not None:
        events = events.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    return list(events[:limit])
