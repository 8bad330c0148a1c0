"""Gold files, scoring against gold, and the report."""
