"""Drafts, their reviews and vetting, and the draft JSON shapes."""
