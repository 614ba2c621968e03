"""Backup, restore, export and removal of one canton, leaving every other canton untouched.

An archive is a directory: the canton's schema as a pg_dump (custom format), the public rows that
stand the canton up again in a fresh installation, the canton's files (already sealed with its
key), and a manifest that names the state it was taken at (migrations, audit head, row counts,
sequence values) and the sha256 of every file. No model of its own; apps whose files belong to a
canton register their storage here (files.py).
"""
