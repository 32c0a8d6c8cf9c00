# SPDX-License-Identifier: Apache-2.0
"""HTTP routers of docs/api.md."""
