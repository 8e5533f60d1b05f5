"""Tests of service/stores: every store on SQLite and PostgreSQL."""
