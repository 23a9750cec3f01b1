"""Tracks: programmes and milestones, learning tracks and their phases, sessions, registrations."""
