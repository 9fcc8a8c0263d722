"""VoiceHive shared package: domain, services, ports, adapters and configuration."""
