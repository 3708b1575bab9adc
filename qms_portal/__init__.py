"""QMS Portal: yearly ISO 9001 quality objectives for Vietnamese public agencies."""
