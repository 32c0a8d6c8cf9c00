# SPDX-License-Identifier: Apache-2.0
"""Application services: database work shared by the API routers."""
