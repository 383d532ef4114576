# shellcheck shell=bash
# Part of bench/run (sourced by it; not run on its own): how a run is measured.
# CPU ticks of a process, of PostgreSQL and of the machine, wrk's own CPU, pg_stat_database
# counters, the RSS sampler, drain (wait for abandoned requests), load (one wrk run), measure
# (JIT warm-up, warm-up, the measured run, one record in runs.jsonl), JFR for --profile, the
# before/after hooks of a wrk run, the raw RS256 and password-hash limits, and wait_for_idle.

# --- measuring --------------------------------------------------------------------------------

cpu_ticks() {
  # utime + stime of one process (all its threads), in clock ticks; fields 14 and 15 of stat
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  echo $(( ${12} + ${13} ))
}

db_ticks() {
  # all PostgreSQL processes (postmaster, backends, background workers) on this machine
  local total=0 f stat rest
  [ "$database" = postgres ] || { echo 0; return; }
  for f in /proc/[0-9]*/stat; do
    stat=$(<"$f") 2>/dev/null || continue
    [[ "$stat" == *" (postgres) "* ]] || continue
    rest=${stat##*) }
    # shellcheck disable=SC2086
    set -- $rest
    total=$(( total + ${12} + ${13} ))
  done 2>/dev/null
  echo "$total"
}

machine_ticks() {
  # "busy total" over all CPUs from /proc/stat (busy = total - idle - iowait)
  local cpu user nice system idle iowait irq softirq steal rest
  read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
  echo "$(( user + nice + system + irq + softirq + steal )) $(( user + nice + system + idle + iowait + irq + softirq + steal ))"
}

children_seconds() {
  # user+sys seconds of this shell's reaped children (wrk) as the builtin times wrote them to FILE:
  # times itself must run in this shell, not in the subshell of a $(...)
  awk 'NR == 2 {
    split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.3f\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$1"
}

pg_counters() {
  if [ "$database" != postgres ]; then echo '{}'; return; fi
  psql_db postgres -c "select json_build_object('xact_commit', xact_commit, 'xact_rollback', xact_rollback,
    'tup_inserted', tup_inserted, 'tup_updated', tup_updated, 'tup_deleted', tup_deleted,
    'tup_fetched', tup_fetched, 'tup_returned', tup_returned, 'blks_read', blks_read, 'blks_hit', blks_hit)
    from pg_stat_database where datname = '$1'"
}

rss_sampler() {
  # the largest VmRSS (KiB) of pid seen every 0.25 s, into a file; bounded by the run's length
  local pid=$1 out=$2 limit=$3 max=0 rss key value unit i
  for (( i = 0; i < limit * 4 + 120; i++ )); do
    rss=0
    [ -r "/proc/$pid/status" ] || break
    while read -r key value unit; do
      if [ "$key" = "VmRSS:" ]; then rss=$value; fi
    done <"/proc/$pid/status"
    if (( rss > max )); then max=$rss; echo "$max" >"$out"; fi
    sleep 0.25
  done
}

# drain PID: wait (at most 60 s) until the server's CPU stays under a tenth of a core. When wrk stops
# it abandons the requests in flight, and the server still serves them (64 logins are seconds of
# argon2): left running they would count against the next run.
drain() {
  local pid=$1 before after quiet=0 i
  before=$(cpu_ticks "$pid")
  for (( i = 0; i < 240; i++ )); do
    sleep 0.25
    after=$(cpu_ticks "$pid")
    # a quarter of a second of one core is CLK_TCK / 4 ticks; a tenth of that, twice in a row
    if (( (after - before) * 40 <= CLK_TCK )); then quiet=$(( quiet + 1 )); else quiet=0; fi
    if (( quiet >= 2 )); then break; fi
    before=$after
  done
  if (( i >= 8 )); then log "  (waited $(( (i + 1) / 4 )) s for the server to finish abandoned requests)"; fi
}

WARMED=" "
RUN_NUMBER=0
# load SCRIPT URL CONNECTIONS SECONDS OUT [VAR=value ...]: one wrk run; its JSON summary to OUT
load() {
  local script=$1 url=$2 c=$3 seconds=$4 out=$5 threads
  shift 5
  threads=$(( c < NPROC ? c : NPROC ))
  RUN_NUMBER=$(( RUN_NUMBER + 1 ))
  env BENCH_LUA="$BENCH/lua" BENCH_OUT="$out" BENCH_THREADS="$threads" "$@" \
    wrk -t "$threads" -c "$c" -d "${seconds}s" --timeout 30s -s "$BENCH/lua/$script" "$url" \
    >"$WORK/wrk-$RUN_NUMBER.txt" 2>&1 || { cat "$WORK/wrk-$RUN_NUMBER.txt" >&2; die "wrk failed"; }
  [ -s "$out" ] || { cat "$WORK/wrk-$RUN_NUMBER.txt" >&2; die "wrk wrote no summary"; }
}

# measure SCENARIO LABEL SERVER_NAME SERVER_PID DB C SCRIPT URL NOTE [VAR=value ...]: warm-up, then
# the measured run with the server's RSS and CPU, the database's CPU and counters, the load
# generator's and the machine's CPU around it; appends one record to $WORK/runs.jsonl
measure() {
  local scenario=$1 label=$2 server=$3 pid=$4 db=$5 c=$6 script=$7 url=$8 run_note=$9
  shift 9
  local warm=null jit=0
  if (( jit_warmup > 0 )) && [[ "$WARMED" != *" $scenario:$pid "* ]]; then
    # a refresh JIT warm-up always chains, so that it does not spend a --refresh-mode pool
    before_load "$c"
    drain "$pid"
    load "$script" "$url" "$c" "$jit_warmup" "$WORK/jit-warmup.json" "$@" BENCH_REFRESH_MODE=chain
    after_load
    WARMED+="$scenario:$pid "
    jit=$jit_warmup
  fi
  if [ "$warmup" -gt 0 ]; then
    before_load "$c"
    drain "$pid"
    load "$script" "$url" "$c" "$warmup" "$WORK/warmup.json" "$@"
    after_load
    warm=$(jq -c '{requests, rps: (.requests / (.duration_us / 1e6)), errors: (.errors | add)}' "$WORK/warmup.json")
  fi
  before_load "$c"
  drain "$pid"
  local load_before cpu_before db_before machine_before pg_before loadavg
  loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
  pg_before=$(pg_counters "$db")
  rm -f "$WORK/rss"
  echo 0 >"$WORK/rss"
  rss_sampler "$pid" "$WORK/rss" "$duration" &
  SAMPLER_PID=$!
  times >"$WORK/times"
  load_before=$(children_seconds "$WORK/times")
  cpu_before=$(cpu_ticks "$pid")
  db_before=$(db_ticks)
  machine_before=$(machine_ticks)
  if [ -n "${MEASURE_HOOK:-}" ]; then "$MEASURE_HOOK" start; fi
  if [ "$profile" = true ]; then profile_start "$pid"; fi
  load "$script" "$url" "$c" "$duration" "$WORK/run.json" "$@"
  local load_after cpu_after db_after machine_after pg_after rss_end
  times >"$WORK/times"
  load_after=$(children_seconds "$WORK/times")
  cpu_after=$(cpu_ticks "$pid")
  db_after=$(db_ticks)
  machine_after=$(machine_ticks)
  rss_end=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
  if [ -n "${MEASURE_HOOK:-}" ]; then "$MEASURE_HOOK" stop; fi
  if [ "$profile" = true ]; then profile_stop "$pid" "$scenario-$label-c$c"; fi
  # stats reach pg_stat_database when a backend goes idle, at most once a second
  if [ "$database" = postgres ]; then sleep 1.2; fi
  pg_after=$(pg_counters "$db")
  after_load
  kill -0 "$pid" 2>/dev/null || die "$server died during $label (log: $WORK/$server.log)"

  jq -c -n --slurpfile wrk "$WORK/run.json" \
    --arg scenario "$scenario" --arg run_label "$label" --arg server "$server" --arg note "$run_note" \
    --argjson connections "$c" --argjson threads "$(( c < NPROC ? c : NPROC ))" \
    --argjson duration "$duration" --argjson warmup "$warmup" \
    --argjson rss_max "$(cat "$WORK/rss")" --argjson rss_end "${rss_end:-0}" \
    --argjson cpu "$(( cpu_after - cpu_before ))" --argjson db_cpu "$(( db_after - db_before ))" \
    --argjson clk "$CLK_TCK" --argjson load_cpu "$(jq -n "$load_after - $load_before")" \
    --argjson machine_before "[${machine_before// /,}]" --argjson machine_after "[${machine_after// /,}]" \
    --argjson pg_before "$pg_before" --argjson pg_after "$pg_after" --arg loadavg "$loadavg" \
    --argjson extra "${RUN_EXTRA:-null}" --argjson warm "$warm" --argjson jit "$jit" --arg unit "${RUN_UNIT:-}" \
    '$wrk[0] as $w
     | ($w.duration_us / 1e6) as $secs
     | ($w.errors | .connect + .read + .write + .status + .timeout) as $wrk_errors
     # errors wrk cannot see (a 3xx that should have carried a code), counted by the script
     | ($wrk_errors + ($w.counted.redirect_without_code // 0)) as $errors
     # what req/s and the per-request figures count: HTTP requests, or a counter of the script named
     # by RUN_UNIT (code_exchange: exchanges, each one authorize + one token request)
     | (if $unit == "" then $w.requests else ($w.counted[$unit] // 0) end) as $units
     | ($units | if . == 0 then 1 else . end) as $n
     | ($machine_after[0] - $machine_before[0]) as $busy
     | ($machine_after[1] - $machine_before[1]) as $all
     | (($busy / $clk) - ($cpu / $clk) - ($db_cpu / $clk) - $load_cpu) as $others
     | {scenario: $scenario, "label": $run_label, connections: $connections, wrk_threads: $threads,
        duration_s: $duration, warmup_s: $warmup, jit_warmup_s: $jit, warmup: $warm, note: $note,
        requests: $w.requests, rps: ($units / $secs),
        unit: (if $unit == "" then "request" else $unit end), units: $units, http_rps: ($w.requests / $secs),
        latency_ms: ($w.latency_us | map_values(. / 1000)),
        errors: ($w.errors + {total: $errors, wrk: $wrk_errors}), statuses: $w.statuses, counted: $w.counted,
        server: {name: $server, rss_max_mib: ($rss_max / 1024), rss_end_mib: ($rss_end / 1024),
                 cpu_s: ($cpu / $clk), cpu_s_per_1k: ($cpu / $clk / $n * 1000)},
        db: ({cpu_s: ($db_cpu / $clk), cpu_s_per_1k: ($db_cpu / $clk / $n * 1000)}
             + (if ($pg_after | length) > 0 then
                 {per_request: ($pg_after | with_entries(.value = ((.value - $pg_before[.key]) / $n)))}
               else {} end)),
        load_generator: {cpu_s: $load_cpu, cpu_s_per_1k: ($load_cpu / $n * 1000)},
        machine: {busy_pct: (if $all > 0 then 100 * $busy / $all else 0 end),
                  other_processes_cpu_s: (if $others > 0 then $others else 0 end), loadavg_before: $loadavg}}
       + ($extra // {})' >>"$WORK/runs.jsonl"
  jq -r -s 'last | "  \(.label) c=\(.connections): \(.rps | floor) \(if .unit == "request" then "req" else .unit end)/s, p50 \(.latency_ms.p50 * 10 | round / 10) ms, p99 \(.latency_ms.p99 * 10 | round / 10) ms, errors \(.errors.total), RSS \(.server.rss_max_mib | floor) MiB, \(.server.cpu_s_per_1k * 1000 | round / 1000) CPU s/1k"' "$WORK/runs.jsonl" >&2
}

# --profile: each server runs under JDK Flight Recorder from its start (JFR's default settings:
# execution samples every 20 ms, about 1 % overhead); the measured run's stretch is dumped at its end.
# Started by jcmd halfway through a run instead, JFR made the warm servers several times slower for
# the whole run (the JIT recompiles what its instrumentation invalidated), so profiles showed a cold
# JIT rather than the server.
profile_flags() {
  if [ "$profile" = true ]; then
    echo "-XX:StartFlightRecording=name=bench,settings=default,filename=$WORK/profiles/"
  fi
}

profile_start() {
  PROFILE_STARTED=$(date +%s)
}

profile_stop() {
  local name
  name=$(echo "$2" | tr -c 'A-Za-z0-9_.\n-' '_')
  "$JCMD" "$1" JFR.dump name=bench maxage="$(( $(date +%s) - PROFILE_STARTED + 1 ))s" \
    filename="$WORK/profiles/$name.jfr" >/dev/null
  "$JAVA_HOME_USED/bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$WORK/profiles/$name.jfr" \
    | awk -f "$BENCH/hot-methods.awk" >"$WORK/profiles/$name.txt" || true
}

# Scenarios hook in here around each wrk run (the refresh pool); the defaults do nothing.
BEFORE_LOAD=""
AFTER_LOAD=""
before_load() { [ -z "$BEFORE_LOAD" ] || "$BEFORE_LOAD" "$1"; }
after_load() { [ -z "$AFTER_LOAD" ] || "$AFTER_LOAD"; }

raw_limits() {
  local raw_opts
  raw_opts="$(jvm_options_of "$ROOT/auth-server/target/auth-server.jar") $java_opts"
  log "raw limits: RS256 and password hash in $JAVA $raw_opts (best of 3 rounds of ${raw_seconds} s after ${raw_warmup} s)"
  mkdir -p "$WORK/auth-jar"
  unzip -q -o "$ROOT/auth-server/target/auth-server.jar" 'BOOT-INF/*' -d "$WORK/auth-jar"
  # shellcheck disable=SC2086
  "$JAVA" $raw_opts -cp "$WORK/auth-jar/BOOT-INF/lib/*:$WORK/auth-jar/BOOT-INF/classes" \
    "$BENCH/src/RawLimits.java" --threads "$NPROC" --warmup "$raw_warmup" --seconds "$raw_seconds" \
    --key-size "${APP_KEYS_SIZE:-2048}" >"$WORK/raw.json" 2>"$WORK/raw.log" \
    || { cat "$WORK/raw.log" >&2; die "raw limits failed"; }
  jq -r '"  RS256 sign \(.rs256.sign1)/s (1 thread), \(.rs256.signN)/s (\(.threads)); verify \(.rs256.verifyN)/s; password hash \(.password.hash1)/s (1 thread), \(.password.hashN)/s (\(.threads))"' "$WORK/raw.json" >&2
}

# wait_for_idle MINUTES: until three 5-s windows in a row have the machine under 20 % busy
wait_for_idle() {
  local deadline=$(( $(date +%s) + $1 * 60 )) quiet=0 before after busy all
  log "waiting up to $1 min for the machine to be idle"
  while (( $(date +%s) < deadline )); do
    read -r -a before <<<"$(machine_ticks)"
    sleep 5
    read -r -a after <<<"$(machine_ticks)"
    busy=$(( after[0] - before[0] )) all=$(( after[1] - before[1] ))
    if (( all > 0 && busy * 100 < all * 20 )); then quiet=$(( quiet + 1 )); else quiet=0; fi
    if (( quiet >= 3 )); then log "the machine is idle"; return; fi
  done
  log "the machine did not become idle in $1 min: going on (the results will say it was shared)"
}
