"""What every service shares: the context, inputs, helpers and the event feed."""
