# SPDX-License-Identifier: Apache-2.0
"""Staff issuing station: personalization, card state, reviews (ss-issue)."""
