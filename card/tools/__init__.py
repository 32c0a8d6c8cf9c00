# SPDX-License-Identifier: Apache-2.0
"""Technician tools behind ``ss-card``: APDU scripts and the card self-test."""
