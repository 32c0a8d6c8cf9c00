# SPDX-License-Identifier: Apache-2.0
"""The resident kiosk (PySide6): flow, workers, screens, widgets, translations."""
