# Shared by scripts/local-llm.sh and scripts/local-stt.sh (sourced, not run): a local server's
# PID file, its readiness wait and its stop. The sourcing script sets `name`, `dir`, `pidfile`
# and `log`.

say() { echo "$name: $*" >&2; }

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# wait_ready URL ENDPOINT_LINE: polls URL for 120 s; prints ENDPOINT_LINE (and keeps it in
# $dir/endpoint) once it answers, or shows the end of the log and fails.
wait_ready() {
  local url="$1" line="$2"
  for _ in $(seq 1 120); do
    if curl -fsS "$url" >/dev/null 2>&1; then
      echo "$line" | tee "$dir/endpoint"
      return 0
    fi
    if ! running; then
      say "the server exited; the end of its log:"
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 1
  done
  say "the server did not answer $url within 120 s; the end of its log:"
  tail -n 20 "$log" >&2
  stop
  return 1
}

stop() {
  if ! [ -f "$pidfile" ]; then
    say "not running"
    return 0
  fi
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    # A server finishes the request in hand before exiting; do not wait for a long one.
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile" "$dir/endpoint"
  say "stopped"
}
