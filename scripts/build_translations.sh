#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Compile the kiosk's Qt Linguist translations (kiosk/i18n/*.ts -> .qm).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
PY=${VENV:+$VENV/bin/python}
exec "${PY:-python3}" -m kiosk.i18n.build "$@"
