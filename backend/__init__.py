# SPDX-License-Identifier: Apache-2.0
"""Reference back-end service: API, models, migrations, domain rules, demo seed."""

from card import __version__ as __version__
