"""Mijn overzicht: the page a person lands on after logging in. It asks each domain through
its public services (tracks, scheduling, peer review, toolkits, notifications) and owns no
data, so it stands above them all (the layer contract in pyproject.toml)."""
