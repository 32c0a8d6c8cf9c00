# SPDX-License-Identifier: Apache-2.0
"""Domain rules of DOMAIN.md as pure functions: no database, no HTTP, no clock."""
