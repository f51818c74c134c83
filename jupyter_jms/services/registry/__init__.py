"""Members, tokens, channels, grants, decisions and the registry document."""
