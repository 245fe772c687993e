"""HTTP route handlers: thin adapters between aiohttp requests and the claims desk's functions."""
