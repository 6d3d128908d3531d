"""Loading: find the case files, read their front matter with positions, validate each
against its model, and turn pydantic's errors into Chinese messages."""
