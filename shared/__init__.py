"""VoiceHive shared package: domain, services, ports, adapters and configuration."""

import os

# We use no pydantic plugins; looking for them reads every installed package's entry points on the
# first model built (~5-15 ms of a cold start). Set the variable yourself to load plugins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
