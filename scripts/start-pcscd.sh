#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Make sure pcscd runs with the vsmartcard vpcd driver ("Virtual PCD 00 00" on
# TCP 35963, "Virtual PCD 00 01" on 35964) and exit 0 once both readers are
# visible to PC/SC clients. Idempotent; works without systemd (containers, CI).
#
#   scripts/start-pcscd.sh            start pcscd unless it already serves vpcd
#   scripts/start-pcscd.sh --restart  stop the running pcscd first, then start
#   scripts/start-pcscd.sh --stop     stop pcscd and exit
#
# Environment: SSC_PCSCD_LOG (default /tmp/ssc-pcscd.log), SSC_SKIP_APT=1 to
# never call apt-get, SSC_PCSCD_WAIT seconds to wait for the readers (15).
set -euo pipefail

LOG=${SSC_PCSCD_LOG:-/tmp/ssc-pcscd.log}
WAIT=${SSC_PCSCD_WAIT:-15}
PIDFILE=/run/pcscd/pcscd.pid
PACKAGES=(pcscd vsmartcard-vpcd pcsc-tools)
MODE=start
case "${1:-}" in
  "") ;;
  --restart) MODE=restart ;;
  --stop) MODE=stop ;;
  -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
  *) echo "start-pcscd: unknown option $1 (use --restart or --stop)" >&2; exit 2 ;;
esac

die() { echo "start-pcscd: $*" >&2; exit 1; }
say() { echo "start-pcscd: $*" >&2; }

ensure_packages() {
  local missing=()
  command -v dpkg-query >/dev/null || {
    command -v pcscd >/dev/null || die "pcscd not found and this is not Debian: install pcsc-lite and vsmartcard-vpcd"
    return 0
  }
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "${SSC_SKIP_APT:-}" = 1 ] && die "missing Debian packages ${missing[*]} (SSC_SKIP_APT=1)"
  [ "$(id -u)" = 0 ] || die "missing Debian packages; run as root or: sudo apt-get install -y ${missing[*]}"
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
}

running_pid() {
  local pid
  [ -r "$PIDFILE" ] || return 1
  pid=$(tr -dc '0-9' <"$PIDFILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -qa pcscd "/proc/$pid/comm" || return 1
  echo "$pid"
}

port_listening() {
  # /proc/net/tcp lists local ports in hex; state 0A is LISTEN.
  local hex
  hex=$(printf '%04X' "$1")
  grep -qiE "^ *[0-9]+: [0-9A-F]+:${hex} [0-9A-F]+:0000 0A" /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

vpcd_readers_visible() {
  if command -v pcsc_scan >/dev/null; then
    local out
    out=$(timeout 5 pcsc_scan -r 2>/dev/null || true)
    [ "$(grep -c 'Virtual PCD' <<<"$out")" -ge 2 ] && return 0
    return 1
  fi
  port_listening 35963 && port_listening 35964
}

stop_pcscd() {
  local pid i
  pid=$(running_pid) || return 0
  say "stopping pcscd (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && { kill -9 "$pid" 2>/dev/null || true; sleep 0.2; }
  # Let the kernel release the vpcd listening ports before a new pcscd binds them.
  for i in $(seq 1 50); do
    port_listening 35963 || break
    sleep 0.1
  done
}

start_pcscd() {
  local args=(--foreground --info)
  # pcsc-lite >= 2.0 built with polkit refuses clients without a session.
  pcscd --help 2>&1 | grep -q -- --disable-polkit && args+=(--disable-polkit)
  [ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] || [ -e /etc/reader.conf.d/vpcd ] \
    || die "the vpcd driver is not installed (apt-get install vsmartcard-vpcd)"
  mkdir -p /run/pcscd
  say "starting pcscd ${args[*]} (log: $LOG)"
  setsid nohup pcscd "${args[@]}" >>"$LOG" 2>&1 </dev/null &
}

main() {
  [ "$MODE" = stop ] && { stop_pcscd; exit 0; }
  ensure_packages
  [ "$(id -u)" = 0 ] || [ "$MODE" != restart ] || die "--restart needs root"
  [ "$MODE" = restart ] && stop_pcscd
  if running_pid >/dev/null; then
    vpcd_readers_visible && { say "pcscd already serves the vpcd readers"; exit 0; }
    say "pcscd runs without the vpcd readers: restarting it"
    stop_pcscd
  fi
  [ "$(id -u)" = 0 ] || die "pcscd is not running; start it as root (sudo $0)"
  start_pcscd
  local deadline=$((SECONDS + WAIT))
  while [ $SECONDS -lt "$deadline" ]; do
    if vpcd_readers_visible; then
      say "pcscd ready: Virtual PCD 00 00 (port 35963), Virtual PCD 00 01 (port 35964)"
      exit 0
    fi
    sleep 0.2
  done
  tail -n 20 "$LOG" >&2 || true
  die "pcscd did not show the two Virtual PCD readers within ${WAIT}s (log: $LOG)"
}

main
