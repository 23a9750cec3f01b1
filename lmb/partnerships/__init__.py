"""SDG partnerships 2022-2026: calls and applications, partnerships with their activities and
budgets, the steering group with its candidacies and yearly meeting, and outcome harvesting."""
