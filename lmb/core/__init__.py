"""Shared pieces: model mixins and column types, time zones, permissions, errors, pagination."""
