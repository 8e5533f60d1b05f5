"""One router per resource, all mounted under /api/v1 by service.app.create_app."""
