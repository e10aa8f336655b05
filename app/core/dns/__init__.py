"""DNS: reverse (PTR) look-ups of remote addresses, cached and bounded."""
