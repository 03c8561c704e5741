"""A conversation's take-away summary: built, printed, shown to staff and shared by link."""
