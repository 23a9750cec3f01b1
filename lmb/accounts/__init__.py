"""Accounts: users, organizations, roles, login, e-mail verification, API tokens, profile."""
