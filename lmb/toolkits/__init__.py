"""Lessons learned, toolkit assembly (manual, step plan, checklist) and their exports."""
