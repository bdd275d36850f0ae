#!/usr/bin/env bash
# Runs the built apps natively (no Docker): start | stop | status | health | logs [app].
# Each app is `node apps/<app>/dist/main.js` run from the repository root (relative paths in settings, such as
# RECORDED_MARKETS, read from there), detached, with its pid in .local/run/apps and its log in
# .local/logs/apps. Starting twice is a no-op; `pnpm build` must have run first (make setup does it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="${LOCAL_DIR:-$ROOT/.local}"
RUN_DIR="$LOCAL_DIR/run/apps"
LOG_DIR="$LOCAL_DIR/logs/apps"
APPS=(gateway grpc-server stream-producer stream-consumer trainer)

# app → the URL whose answer says it is healthy
health_url() {
  case "$1" in
    gateway) echo "http://127.0.0.1:${PORT:-8800}/health" ;;
    grpc-server) echo "http://127.0.0.1:9101/health" ;;
    stream-producer) echo "http://127.0.0.1:9102/health" ;;
    stream-consumer) echo "http://127.0.0.1:9103/health" ;;
    trainer) echo "http://127.0.0.1:9104/health" ;;
  esac
}

pid_of() {
  local file="$RUN_DIR/$1.pid"
  [[ -f $file ]] && kill -0 "$(cat "$file")" 2>/dev/null && cat "$file"
}

start_app() {
  local app=$1 main="$ROOT/apps/$1/dist/main.js"
  if pid_of "$app" >/dev/null; then echo "$app already running (pid $(pid_of "$app"))"; return; fi
  [[ -f $main ]] || { echo "error: $main is missing; run 'pnpm build' first" >&2; return 1; }
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  # setsid: the app outlives the calling shell (make exits right after); $! is then the node process itself.
  (cd "$ROOT" && exec setsid node "apps/$app/dist/main.js" >>"$LOG_DIR/$app.log" 2>&1 </dev/null) &
  echo $! >"$RUN_DIR/$app.pid"
  local url; url=$(health_url "$app")
  for _ in $(seq 1 60); do
    if curl -fs -o /dev/null "$url"; then echo "$app started: $url"; return; fi
    if ! pid_of "$app" >/dev/null; then echo "error: $app exited at start; see $LOG_DIR/$app.log" >&2; tail -n 20 "$LOG_DIR/$app.log" >&2; return 1; fi
    sleep 0.5
  done
  echo "error: $app not healthy after 30 s at $url; see $LOG_DIR/$app.log" >&2
  return 1
}

stop_app() {
  local app=$1 pid
  pid=$(pid_of "$app") || { echo "$app not running"; return; }
  kill "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$RUN_DIR/$app.pid"
  echo "$app stopped"
}

status_app() {
  local app=$1 url state
  url=$(health_url "$app")
  if curl -fs -o /dev/null "$url"; then state=healthy; elif pid_of "$app" >/dev/null; then state=unhealthy; else state=stopped; fi
  printf '%-16s %-10s %s\n' "$app" "$state" "$url"
  [[ $state == healthy ]]
}

cmd=${1:-status}; shift || true
targets=("$@"); [[ ${#targets[@]} -gt 0 ]] || targets=("${APPS[@]}")
case "$cmd" in
  start) for a in "${targets[@]}"; do start_app "$a"; done ;;
  stop) for a in "${targets[@]}"; do stop_app "$a"; done ;;
  status) for a in "${targets[@]}"; do status_app "$a" || true; done ;;
  health) rc=0; for a in "${targets[@]}"; do status_app "$a" || rc=1; done; exit $rc ;;
  logs) for a in "${targets[@]}"; do echo "== $a"; tail -n 50 "$LOG_DIR/$a.log" 2>/dev/null || true; done ;;
  *) echo "usage: $0 start|stop|status|health|logs [app…]" >&2; exit 2 ;;
esac
