"""Pure rules, no I/O: every function here takes and returns plain data."""
