"""The ipsmatch service: HTTP API, persistence, command line and web pages over the matcher."""
