"""Offline location: MaxMind-format databases, cloud regions, providers."""
