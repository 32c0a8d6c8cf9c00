# SPDX-License-Identifier: Apache-2.0
"""Domain rules of docs/domain.md as pure functions: no database, HTTP or clock."""
