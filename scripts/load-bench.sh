#!/usr/bin/env bash
# Load benchmark for `starcoach serve`: builds release, serves the sample bank (stories/, or a
# temporary one-entry bank when stories/ is empty), drives POST /v1/critique with wrk (64
# connections) for a fixed duration (120 s: over 100,000 requests on a 2-core machine), prints
# req/s, p50/p99, errors and the server's RSS before and after, then SIGTERMs the server and
# checks it exits 0. wrk runs for a duration, not a request count; the total is printed.
#
# Each request sends a new draft, as real use does: a place name made of a per-request counter
# closes every sentence, so nothing the engine keeps per text carries over between requests.
# SAME_DRAFT=1 sends one draft every time instead (the figure before session 9).
#
# Usage: scripts/load-bench.sh    (DURATION=120s CONNECTIONS=64 THREADS=2 by default)
#        DURATION=30s scripts/load-bench.sh
#        SAME_DRAFT=1 scripts/load-bench.sh
#        BIN=/path/to/starcoach scripts/load-bench.sh   (that binary, not a fresh release build)
# Needs: wrk (Debian: apt-get install -y wrk; installed automatically when running as root).
set -euo pipefail

DURATION=${DURATION:-120s}
SAME_DRAFT=${SAME_DRAFT:-0}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
    else
        echo "load-bench: wrk is not installed (Debian/Ubuntu: sudo apt-get install wrk)" >&2
        exit 2
    fi
fi

if [ -z "${BIN:-}" ]; then
    echo "== building release" >&2
    cargo build --release --quiet
    BIN=target/release/starcoach
fi

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID"; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

BANK=stories
if ! ls stories/*.md >/dev/null 2>&1; then
    BANK=$WORK/bank
    mkdir -p "$BANK"
    cat >"$BANK/LB1.md" <<'EOF'
+++
id = "LB1"
kind = "story"
title = "Rolled back a bad deploy and added a canary stage"
categories = ["Failure"]
tags = ["incident"]
+++

## Situation
- A deploy broke checkout for 5% of users

## Action
- I rolled it back in 6 minutes and added a canary stage

## Result
- Errors fell to zero; 4 bad deploys were caught by the canary since
EOF
fi

# The request: a realistic ~120-word draft and a question (the offline engine; no LLM calls).
DRAFT="At Lumen Freight our shipment tracking API failed during the holiday peak. I was the on-call lead and my goal was to restore tracking for 40 partner carriers within the hour. I paged the database owner, I rolled back the schema migration that had locked the main table, and I wrote the status updates every 15 minutes. Tracking recovered after 38 minutes and no shipment data was lost. Afterwards I ran the blameless postmortem and we added a migration canary, which has caught 3 risky changes since. I learned that reliability is a product feature: customers remember the outage, not the launch."
cat >"$WORK/critique.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local draft = [==[$DRAFT]==]
local question = "Tell me about a time you handled an outage"
wrk.body = '{"draft": "' .. draft .. '", "question": "' .. question .. '"}'
local same = "$SAME_DRAFT" == "1"
local threads, count = 0, 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
-- A lowercase tag from a number: 0 -> "a", 27 -> "bb".
local function letters(n)
  local out = ""
  repeat
    out = out .. string.char(97 + n % 26)
    n = math.floor(n / 26)
  until n == 0
  return out
end
request = function()
  if same then return wrk.format() end
  count = count + 1
  -- `id` is set per thread by setup(), so two threads never send the same tag.
  local tag = letters(id or 0) .. "q" .. letters(count)
  local body = draft:gsub("%.$", ""):gsub("%. ", " at site " .. tag .. ". ") .. " at site " .. tag .. "."
  return wrk.format(nil, nil, nil, '{"draft": "' .. body .. '", "question": "' .. question .. '"}')
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
EOF

LOG=$WORK/server.log
RUST_LOG=${RUST_LOG:-warn} "$BIN" --engine offline --config /dev/null --stories "$BANK" \
    serve --addr 127.0.0.1:0 2>"$LOG" &
SERVER_PID=$!
for _ in $(seq 1 100); do
    grep -q '^starcoach: listening on ' "$LOG" && break
    sleep 0.1
done
URL=$(sed -n 's/^starcoach: listening on //p' "$LOG" | head -1)
[ -n "$URL" ] || { echo "load-bench: the server did not start:" >&2; cat "$LOG" >&2; exit 1; }
rss() { awk '/^VmRSS/ {print $2 " " $3}' "/proc/$SERVER_PID/status"; }

curl -fsS -o /dev/null -X POST -H 'content-type: application/json' \
    --data "{\"draft\": \"$DRAFT\"}" "$URL/v1/critique"
RSS_BEFORE=$(rss)
echo "== server $URL (pid $SERVER_PID, bank $BANK), RSS before: $RSS_BEFORE" >&2
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION POST /v1/critique" >&2
OUT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/critique.lua" "$URL/v1/critique")
echo "$OUT" >&2
RSS_AFTER=$(rss)
PEAK=$(awk '/^VmHWM/ {print $2 " " $3}' "/proc/$SERVER_PID/status")

kill -TERM "$SERVER_PID"
set +e
wait "$SERVER_PID"
CODE=$?
set -e
SERVER_PID=

RESULT=$(echo "$OUT" | sed -n 's/^RESULT //p')
echo
MODE="a new draft each request"
[ "$SAME_DRAFT" = 1 ] && MODE="the same draft each request"
echo "load-bench: POST /v1/critique ($MODE), $CONNECTIONS connections, $THREADS wrk threads, $DURATION, $(nproc) CPUs"
echo "  $RESULT"
echo "  server RSS before: $RSS_BEFORE, after: $RSS_AFTER (peak $PEAK)"
echo "  exit code after SIGTERM: $CODE"
case "$RESULT" in *"non2xx=0 socket_errors=0"*) ;; *) echo "load-bench: there were errors" >&2; exit 1 ;; esac
[ "$CODE" = 0 ] || { echo "load-bench: the server did not exit 0 after SIGTERM" >&2; exit 1; }
