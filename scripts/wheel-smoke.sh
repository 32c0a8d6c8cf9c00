#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Build the wheel from this checkout, install it into a fresh virtual
# environment outside the checkout (dependencies from the lock), and run the
# installed commands from a folder that holds no source:
#   ss-kiosk --demo offscreen until "kiosk ready", ss-issue --help,
#   ss-card virtual new served to pcscd's vpcd reader and read back with
#   ss-card read, ss-backend migrate on a temporary SQLite file;
# then check that nothing was written into the installed package.
# Needs ./dev setup done (the build uses the dev venv's pinned setuptools and
# PySide6's lrelease) and pcscd with vpcd running (scripts/start-pcscd.sh).
# Environment: VENV (default .venv), SSC_WHEEL_WORK (default: a temp folder).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
ROOT=$PWD
VENV=${VENV:-$ROOT/.venv}
WORK=${SSC_WHEEL_WORK:-$(mktemp -d /tmp/ssc-wheel.XXXXXX)}
READER_PORT=35964 # Virtual PCD 00 01
READER="Virtual PCD 00 01"
say() { printf '[wheel-smoke] %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

say "building the wheel into $WORK/dist"
rm -rf build
"$VENV/bin/python" -m pip wheel -q --no-deps --no-build-isolation -w "$WORK/dist" . \
  || fail "pip wheel"
rm -rf build
WHEEL=$(ls "$WORK"/dist/ssc_kiosk-*.whl)
say "$(basename "$WHEEL")"
for member in kiosk/assets/kiosk.qss kiosk/i18n/kiosk_zh_CN.qm \
  kiosk/diagnostics/i18n/diagnostics_zh_CN.qm staff/i18n/staff_zh_CN.qm \
  backend/default.toml \
  backend/migrations/env.py card/virtual/demo/ca/issuer-ca.pem; do
  "$VENV/bin/python" - "$WHEEL" "$member" <<'EOF' || fail "the wheel lacks $member"
import sys, zipfile
sys.exit(0 if sys.argv[2] in zipfile.ZipFile(sys.argv[1]).namelist() else 1)
EOF
done

say "installing into a fresh venv $WORK/venv"
python3 -m venv "$WORK/venv"
PIP=("$WORK/venv/bin/python" -m pip install -q --disable-pip-version-check)
"${PIP[@]}" --require-hashes -r requirements/build.txt
"${PIP[@]}" --require-hashes --no-build-isolation -r requirements/runtime.txt
"${PIP[@]}" --no-deps "$WHEEL"
BIN=$WORK/venv/bin

mkdir -p "$WORK/run"
cd "$WORK/run"
export PYTHONPATH="" XDG_CACHE_HOME="$WORK/cache" SSC_STATE_DIR="$WORK/state"
SITE=$("$BIN/python" -c 'import card, pathlib; print(pathlib.Path(card.__file__).parent.parent)')
case "$SITE" in "$ROOT"*) fail "the installed package resolves into the checkout ($SITE)" ;; esac
touch "$WORK/marker"
sleep 1

say "ss-kiosk --demo (offscreen) until 'kiosk ready'"
QT_QPA_PLATFORM=offscreen timeout 120 "$BIN/ss-kiosk" --demo --windowed \
  --state-dir "$WORK/kiosk-state" --exit-after 12 -v >"$WORK/kiosk.log" 2>&1 \
  || { tail -n 30 "$WORK/kiosk.log" >&2; fail "ss-kiosk --demo exited non-zero"; }
grep -q "kiosk ready" "$WORK/kiosk.log" || { tail -n 30 "$WORK/kiosk.log" >&2; fail "no 'kiosk ready'"; }
grep -q "compiling .* on the fly" "$WORK/kiosk.log" && fail "translations compiled at run time"

say "ss-issue --help"
"$BIN/ss-issue" --help >/dev/null || fail "ss-issue --help"

say "ss-card virtual new, served to pcscd, read back with ss-card read"
"$BIN/ss-card" virtual new --name 张三 --ssn 11010519491231002X --pin 123456 \
  "$WORK/card.json" >/dev/null || fail "ss-card virtual new"
(
  exec 9>/tmp/ssc-vpcd-tests.lock
  flock 9
  "$BIN/ss-card" virtual serve --port "$READER_PORT" "$WORK/card.json" \
    >"$WORK/serve.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do
    "$BIN/ss-card" read --reader "$READER" --json >"$WORK/read.json" 2>"$WORK/read.err" && break
    sleep 0.2
  done
  grep -q '"张三"' "$WORK/read.json" || { cat "$WORK/read.err" >&2; exit 1; }
) || fail "ss-card read did not read the served card back"

say "ss-backend migrate on a temporary SQLite file"
"$BIN/ss-backend" --database-url "sqlite:///$WORK/backend.sqlite3" migrate \
  || fail "ss-backend migrate"
[ -s "$WORK/backend.sqlite3" ] || fail "no database written"

written=$(find "$SITE/card" "$SITE/backend" "$SITE/backend_client" "$SITE/kiosk" \
  "$SITE/staff" \
  -newer "$WORK/marker" -not -name '*.pyc' -not -type d | head -n 5)
[ -z "$written" ] || fail "files written into site-packages at run time: $written"
say "passed"
