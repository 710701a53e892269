"""Named tables of Arabic linguistic knowledge used by the pipeline."""
