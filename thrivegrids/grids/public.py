"""What other apps may use from grids; everything else is the grids' own business.

A conversation shows published grid versions and records the options chosen from them; its
summary quotes their cells.
"""

from thrivegrids.grids.models import Cell, GridVersion, Option, is_past_review
from thrivegrids.grids.presenters import GridPresenter

__all__ = ["Cell", "GridPresenter", "GridVersion", "Option", "is_past_review"]
