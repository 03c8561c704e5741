"""What other apps may use from careplans: the plans of a young person, for the record page."""

from thrivegrids.careplans.models import CarePlan
from thrivegrids.careplans.presenters import plans_of

__all__ = ["CarePlan", "plans_of"]
