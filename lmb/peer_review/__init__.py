"""Peer review: rounds in which municipalities review each other's work, from submission to response."""
