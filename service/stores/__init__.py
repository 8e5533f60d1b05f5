"""Persistence, one module per aggregate: plain functions taking a Session first, domain models in and out.

seekers, employers, openings, contacts, reactions (feedback and judgments), users, audit, counters,
idempotency, and embeddings (SqlEmbeddingCache, the matcher's cache over the database). Unknown ids raise
models.NotFound, references to missing records models.InvalidInput, duplicates models.Conflict; a write
that raises leaves the database as it was once the caller's session rolls back.
"""
