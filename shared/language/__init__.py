"""Language: what a caller's words mean, with nothing else from shared imported (both engines,
the tools and the domain may use it)."""
