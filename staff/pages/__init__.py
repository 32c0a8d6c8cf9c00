# SPDX-License-Identifier: Apache-2.0
"""The staff station's screens, one module per tab."""
