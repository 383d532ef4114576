# shellcheck shell=bash
# Part of bench/run (sourced by it; not run on its own): the results.
# write_results: the run's records with the machine, JVM, database and options, the start-up times
# and Keycloak's setting (--keycloak) as JSON, the
# Markdown tables by bench/report.jq, both saved under bench/results/ (unless --no-save) and printed.

# --- results ----------------------------------------------------------------------------------

write_results() {
  local stamp commit dirty
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  commit=$(git -C "$ROOT" rev-parse --short HEAD)
  dirty=false
  [ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ] || dirty=true
  jq -n --slurpfile runs "$WORK/runs.jsonl" --slurpfile raw "$WORK/raw.json" \
    --slurpfile startup "$WORK/startup.jsonl" --argjson keycloak "$(keycloak_meta)" \
    --arg timestamp "$stamp" --arg commit "$commit" --argjson dirty "$dirty" \
    --arg branch "$(git -C "$ROOT" rev-parse --abbrev-ref HEAD)" \
    --arg cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
    --argjson nproc "$NPROC" --arg mem "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
    --arg kernel "$(uname -r)" --arg os "$(. /etc/os-release && echo "$PRETTY_NAME")" \
    --arg loadavg "$LOADAVG_START" --arg java_version "$("$JAVA" -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')" \
    --arg java_home "$JAVA_HOME_USED" --arg java_opts "$java_opts" --arg server_flags "$SERVER_FLAGS" \
    --arg jvm_options "$(jvm_options_summary)" \
    --arg database "$database" --arg pg_version "${PG_VERSION:-}" --argjson pg_settings "${PG_SETTINGS:-null}" \
    --arg wrk "$(wrk --version 2>&1 | head -n 1 | sed 's/ Copyright.*//')" \
    --arg note "$note" --argjson quick "$QUICK" --arg connections "$connections" --arg scenarios "$scenarios" \
    --arg refresh_mode "$refresh_mode" --argjson refresh_pool "$refresh_pool" \
    --argjson minted "${MINTED:-0}" --argjson mint_seconds "${MINT_SECONDS:-0}" \
    --argjson duration "$duration" --argjson warmup "$warmup" --argjson profile "$profile" \
    --argjson elapsed "$(( $(date +%s) - RUN_STARTED ))" \
    --argjson jit_warmup "$jit_warmup" --argjson restart "$restart" \
    '{meta: {timestamp: $timestamp, elapsed_s: $elapsed, commit: $commit, dirty: $dirty, branch: $branch, note: $note,
             machine: {cpu: $cpu, nproc: $nproc, memory: $mem, kernel: $kernel, os: $os, loadavg_at_start: $loadavg},
             jvm: {version: $java_version, home: $java_home, jvm_options: $jvm_options, java_opts: $java_opts, server_vm_flags: $server_flags},
             database: (if $database == "postgres" then {kind: "PostgreSQL", version: $pg_version, settings: $pg_settings}
                        else {kind: "H2 (embedded file)"} end),
             load_generator: $wrk,
             options: {quick: $quick, profile: $profile, jit_warmup_s: $jit_warmup, restart_per_scenario: $restart, duration_s: $duration, warmup_s: $warmup, connections: $connections,
                       scenarios: $scenarios, refresh_mode: $refresh_mode, refresh_pool: $refresh_pool},
             refresh_pool_minted: {tokens: $minted, seconds: $mint_seconds}, keycloak: $keycloak},
     raw: $raw[0],
     # launch -> readiness 200 on an already migrated database: the median of the starts of each server,
     # and every start in samples (the first start of each server, which created the schema, is left out)
     startup: (($startup | map(select(.migrated)) | group_by(.server)
               | map({key: (.[0].server | gsub("-"; "_") + "_s"),
                      value: (map(.s) | sort | if length % 2 == 1 then .[length / 2 | floor]
                              else (.[length / 2 - 1] + .[length / 2]) / 2 end)}) | from_entries)
              + {samples: ($startup | map(select(.migrated)) | group_by(.server)
                           | map({key: (.[0].server | gsub("-"; "_") + "_s"), value: map(.s)}) | from_entries),
                 keycloak_first_start_with_import_s: ($startup | map(select(.server == "keycloak" and (.migrated | not)) | .s) | first)}),
     runs: $runs}' >"$WORK/results.json"
  jq -r -f "$BENCH/report.jq" "$WORK/results.json" >"$WORK/results.md"
  if [ "$save" = true ]; then
    mkdir -p "$BENCH/results"
    local base="$BENCH/results/$stamp-$commit"
    cp "$WORK/results.json" "$base.json"
    cp "$WORK/results.md" "$base.md"
    log "results: ${base#"$ROOT/"}.json and .md"
  fi
  cat "$WORK/results.md"
}
