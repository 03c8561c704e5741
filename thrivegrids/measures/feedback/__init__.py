"""Feedback links: each person's own signed link (links), the public page it opens (views, urls)."""
