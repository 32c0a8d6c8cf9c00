#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Compile the Qt Linguist translations of the kiosk, its diagnostics screen and
# the staff station (kiosk/i18n/*.ts, kiosk/diagnostics/i18n/*.ts,
# staff/i18n/*.ts -> .qm).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
PY=${VENV:+$VENV/bin/python}
"${PY:-python3}" -m kiosk.i18n.build "$@"
"${PY:-python3}" -m kiosk.diagnostics.build "$@"
exec "${PY:-python3}" -m staff.build "$@"
