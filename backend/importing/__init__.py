# SPDX-License-Identifier: Apache-2.0
"""``ss-backend import``: residents' insurance data from CSV files (docs/import.md).

``files`` names the five file schemas and checks each row with the strict input
model (:mod:`backend.validation`); ``report`` writes rejected rows and draws the
progress bar; ``load`` stages the valid rows (COPY on PostgreSQL, batched
inserts elsewhere) and merges them set-based by natural key; ``run`` runs a
set of files in order.
"""
