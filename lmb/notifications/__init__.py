"""Notifications: the outbox, mail dispatch, reminders, subscriptions and the scheduler."""
