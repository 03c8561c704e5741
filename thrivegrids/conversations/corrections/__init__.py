"""Correcting a recorded conversation: a new audited revision with a reason, the earlier kept."""
