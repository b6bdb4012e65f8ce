"""The pages: each view parses, calls a selector or a service with the user's Scope, renders."""
