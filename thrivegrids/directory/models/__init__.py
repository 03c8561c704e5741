"""The directory of help, shaped as Open Referral UK v3 (HSDS 3.0): ids are the feed's UUIDs.

Field names follow the standard so that import and export are plain copies. Our extras are
typed columns on Service (setting, access route) or Attribute rows linking a service to the
built-in taxonomies in vocabulary.py (THRIVE group, topic, option kind).

Each model lives in the module named for its part of the directory; import them from here.
"""

from thrivegrids.directory.models.feed_runs import FeedRun
from thrivegrids.directory.models.locations import (
    Accessibility,
    Address,
    Location,
    ServiceAtLocation,
)
from thrivegrids.directory.models.organizations import Organization, OrganizationIdentifier
from thrivegrids.directory.models.places import KM_PER_DEGREE, Place, proximity
from thrivegrids.directory.models.problem_reports import ProblemReport
from thrivegrids.directory.models.schedules import Schedule
from thrivegrids.directory.models.services import (
    AccessRoute,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Phone,
    Service,
    ServiceArea,
    ServiceQuerySet,
)
from thrivegrids.directory.models.shared_shortlists import Shortlist, ShortlistEntry
from thrivegrids.directory.models.taxonomy import Taxonomy, TaxonomyTerm

__all__ = [
    "KM_PER_DEGREE",
    "AccessRoute",
    "Accessibility",
    "Address",
    "Attribute",
    "Contact",
    "CostOption",
    "FeedRun",
    "Funding",
    "Language",
    "Location",
    "Organization",
    "OrganizationIdentifier",
    "Phone",
    "Place",
    "ProblemReport",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceQuerySet",
    "Shortlist",
    "ShortlistEntry",
    "Taxonomy",
    "TaxonomyTerm",
    "proximity",
]
