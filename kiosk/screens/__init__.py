# SPDX-License-Identifier: Apache-2.0
"""One module per screen; screens only show view data and emit what the user did."""
