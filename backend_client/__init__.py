# SPDX-License-Identifier: Apache-2.0
"""Typed client for the backend API, its error tree and the durable outbox."""
