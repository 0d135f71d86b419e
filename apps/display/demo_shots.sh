#!/usr/bin/env bash
# apps/display/demo_shots.sh BUILD_DIR OUT_DIR — the screenshots of the README's "Wall display"
# section: starts hallq-server on the demo hall (manual clock, a temp db), plays a morning through
# the API (sign-ins, tickets, calls, a recall, an off-post with a take-over, one without, and one
# covered from the B's own window in the mutual-AB pair W21/W22, R-AB-7), then runs hallq-display
# under Xvfb in several layouts and writes OUT_DIR/display-*.png, and hallq-console logged in as
# the covering B (OUT_DIR/console-remote-cover.png). Needs curl and xvfb-run.
set -euo pipefail
BUILD="$(cd "${1:?usage: apps/display/demo_shots.sh BUILD_DIR OUT_DIR}" && pwd)"
OUT="$(mkdir -p "${2:?usage: apps/display/demo_shots.sh BUILD_DIR OUT_DIR}" && cd "$2" && pwd)"
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
TMP="$(mktemp -d)"
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT

"$BUILD/bin/hallq-server" --config "$SRC/assets/halls/demo.json" --db "$TMP/hall.db" --listen 127.0.0.1:0 \
  --clock manual --start 2026-11-23T08:30:00 >"$TMP/server.out" 2>"$TMP/server.err" &
SERVER=$!
for _ in $(seq 1 300); do grep -q "listening on" "$TMP/server.out" 2>/dev/null && break; sleep 0.2; done
S="$(grep -o 'http://127.0.0.1:[0-9]*' "$TMP/server.out" | head -1)"
[ -n "$S" ] || { cat "$TMP/server.err"; exit 1; }

post() {  # post TOKEN PATH JSON
  curl -sf -X POST "$S$2" -H "authorization: Bearer $1" -H 'content-type: application/json' -d "$3" >/dev/null ||
    echo "demo_shots: POST $2 failed" >&2
}
declare -A PIN=([s001]=9091 [s004]=2455 [s006]=7183 [s007]=7367 [s009]=1481 [s011]=2653 [s012]=7955 [s013]=5450
  [s014]=2814 [s015]=1869 [s017]=6605 [s020]=1736 [s022]=5459 [s025]=4854 [s028]=2868 [s031]=7625 [s033]=7059
  [s036]=1778 [s038]=9392 [s039]=9489 [s041]=6063 [admin]=0000)
declare -A TOK
login() { TOK[$1]=$(curl -sf -X POST "$S/api/login" -H 'content-type: application/json' \
  -d "{\"staff_id\":\"$1\",\"pin\":\"${PIN[$1]}\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/'); }
for s in "${!PIN[@]}"; do login "$s"; done
clock() { post "${TOK[admin]}" /api/admin/clock "{\"advance_seconds\":$1}"; }

clock 1800  # 09:00, the morning session opens
for pair in s001:W01 s004:W02 s006:W03 s007:W04 s009:W05 s011:W06 s012:W07 s014:W08 s015:W09 s017:W10 \
            s020:W12 s022:W13 s025:W15 s028:W16 s031:W18 s033:W19 s036:W21 s038:W22 s039:W23 s041:W25; do
  post "${TOK[${pair%%:*}]}" "/api/staff/${pair%%:*}/sign-in" "{\"window\":\"${pair##*:}\"}"
done
for sv in shebao shebao yibao qiye shebao jiuye yibao huzheng churujing budongchan shuiwu shebao gongjijin yibao \
          qiye fapiao shebao diya churujing shipin jiuzhu shengyu shebao yibao gaoling shuiwu gongjijin yishi chujian \
          shebao qiye budongchan huzheng jiuye shebao yibao fapiao shebao; do
  post demo-kiosk-token /api/tickets "{\"service\":\"$sv\"}"
  clock 20
done
call() { post "${TOK[$1]}" "/api/windows/$2/call-next" '{}'; clock 15; }
start() { post "${TOK[$1]}" "/api/windows/$2/start" '{}'; }
call s001 W01; start s001 W01; call s004 W02; start s004 W02; call s006 W03; call s009 W05; start s009 W05
call s011 W06; call s014 W08; start s014 W08; call s015 W09; call s017 W10; start s017 W10; call s020 W12
call s025 W15; start s025 W15; call s031 W18; call s036 W21; start s036 W21; call s039 W23; call s041 W25
# 离岗 with a take-over by the other A of W07, and one without cover at W13 (turns 空岗-red after the grace).
post "${TOK[s012]}" /api/staff/s012/off-post '{"reason":"调取档案","destination":"档案室","expected_minutes":20}'
post "${TOK[s013]}" /api/staff/s013/take-over '{"window":"W07"}'
post "${TOK[s022]}" /api/staff/s022/off-post '{"reason":"业务会商","destination":"后台审核室","expected_minutes":15}'
# 互为AB岗 W21/W22 (R-AB-7): s038 (A of W22, B of W21) leaves; s036 (A of W21, B of W22) covers W22
# from W21 without leaving it, so W22 sends its citizens to window 21 and no window goes empty.
post "${TOK[s038]}" /api/staff/s038/off-post '{"reason":"请示科室负责人","destination":"二楼办公室","expected_minutes":10}'
post "${TOK[s036]}" /api/staff/s036/take-over '{"window":"W22","from_window":"W21"}'
clock 240
call s033 W19; call s007 W04; post "${TOK[s006]}" /api/windows/W03/recall '{}'; clock 10
call s028 W16

D="$BUILD/bin/hallq-display"
shot() {  # shot NAME SCREEN ARGS...
  local name=$1 screen=$2
  shift 2
  xvfb-run -a -s "-screen 0 ${screen}x24" "$D" --server "$S" --token demo-display-token --no-voice \
    --flash-seconds 0 --exit-after-frames 3 --screenshot "$OUT/$name.png" "$@" 2>&1 | tail -1
}
shot display-1080p 1920x1080
shot display-portrait-zone 1080x1920 --size 1080x1920 --portrait --windows W01,W02,W03,W04,W05,W06,W07,W08
shot display-4k 3840x2160 --size 3840x2160
shot display-remote-cover 1920x1080 --windows W18,W19,W20,W21,W22,W23,W24,W25
# The covering B's console: 代办 22 号窗口, its calls at window 21 over both posts' queues.
cat >"$TMP/console.script" <<SCRIPT
login s036 ${PIN[s036]}
sync
sleep 300
screenshot $OUT/console-remote-cover.png
quit
SCRIPT
xvfb-run -a -s "-screen 0 1366x768x24" "$BUILD/bin/hallq-console" --server "$S" --mute \
  --script "$TMP/console.script" 2>&1 | tail -1
echo "written: $(ls "$OUT"/display-*.png "$OUT"/console-remote-cover.png | tr '\n' ' ')"
