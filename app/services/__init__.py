"""The verbs of the domain. They flush but never commit: the calling view or command does."""
