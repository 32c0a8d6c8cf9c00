# SPDX-License-Identifier: Apache-2.0
"""Touch widgets: PIN pad, keypad, contribution chart, QR code label."""
