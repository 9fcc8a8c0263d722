"""The owner console's API: routes, who may call each, and thin handlers over the services."""
