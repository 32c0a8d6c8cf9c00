# SPDX-License-Identifier: Apache-2.0
"""Reference back-end service: API, models, migrations, domain rules, demo seed."""

__version__ = "0.1.0"
