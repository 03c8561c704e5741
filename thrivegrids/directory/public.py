"""What other apps may use from the directory; everything else is the directory's own business.

Grid pages show nearby services for their options; a conversation's summary takes the services
on the practitioner's shortlist.
"""

from thrivegrids.directory.matching import default_place, services_for_options, topic_term_id
from thrivegrids.directory.models import Service
from thrivegrids.directory.presenters import distance_text
from thrivegrids.directory.search import Origin
from thrivegrids.directory.shortlist import empty_shortlist, shortlist_ids

__all__ = [
    "Origin",
    "Service",
    "default_place",
    "distance_text",
    "empty_shortlist",
    "services_for_options",
    "shortlist_ids",
    "topic_term_id",
]
