# bench/run's results (JSON) as Markdown: the setting, the raw limits, one table of every run of our
# servers with its fraction of its limit and whether it meets issue 17's target, Keycloak's runs of the
# same run beside ours (--keycloak), the start-up times, then the database work per request.
# Usage: jq -r -f bench/report.jq results.json

def r1: if . == null then "–" else (. * 10 | round) / 10 | tostring end;
def r2: if . == null then "–" else (. * 100 | round) / 100 | tostring end;
def r3: if . == null then "–" else (. * 1000 | round) / 1000 | tostring end;
# thousands separators for rates: 12345.6 -> 12,346; small rates keep a decimal
def rate:
  if . == null then "–"
  elif . < 100 then r1
  else (round | tostring | explode | reverse | [recurse(.[3:]; length > 0) | .[:3]]
        | map(reverse | implode) | reverse | join(","))
  end;
def pct: if . == null then "–" else (. * 100 | round | tostring) + " %" end;
# a percentage with one decimal, for a comparison that whole percents would round to a tie
def pct1: if . == null then "–" else (. * 1000 | round / 10 | tostring) + " %" end;

def is_keycloak: (.server | type) == "string" and .server == "keycloak" or .server.name? == "keycloak";
# Keycloak's counterpart of one of our scenarios: its public-client refresh for both of our refreshes
def keycloak_twin: if . == "refresh" then "client_refresh" else . end;

.raw as $raw
| ($raw.rs256.signN) as $sign
| ($raw.password.hashN) as $hash
| .meta as $m
| (.runs | map(select(is_keycloak | not))) as $runs
| (.runs | map(select(is_keycloak))) as $kc_runs
| (.startup // {}) as $startup
| ($m.database.kind == "PostgreSQL") as $pg

# the limit each figure is read against: what the same JVM can do of the work one request needs
| def limit:
    if .scenario == "client_credentials" then {value: $sign, what: "1 RS256 signature"}
    elif .scenario == "refresh" or .scenario == "client_refresh" then {value: ($sign / 2), what: "2 RS256 signatures"}
    # per pair: the authorize signs nothing, the exchange an access and a refresh token (no openid: no ID token)
    elif .scenario == "code_exchange" then {value: ($sign / 2), what: "2 RS256 signatures per pair"}
    elif .scenario == "login" then {value: (1 / (1 / $hash + 2 / $sign)), what: "1 hash + 2 signatures"}
    else null end;
  def open_rps($r): ($runs | map(select(.scenario == "people_open" and .connections == $r.connections)) | first | .rps);
  def keycloak_run($r): ($kc_runs | map(select(.scenario == ($r.scenario | keycloak_twin) and .connections == $r.connections)) | first);
  # issue 13: the public client's refresh against the first-party refresh of the same run and connections
  def first_party_rps($r): ($runs | map(select(.scenario == "refresh" and .connections == $r.connections)) | first | .rps);
  def fraction:
    if .scenario == "people" or .scenario == "people_many" then (open_rps(.) as $o | if $o then .rps / $o else null end)
    else limit as $l | if $l then .rps / $l.value else null end end;
  def target:
    . as $r
    | [ (if .scenario == "client_credentials" then
          (if .rps < 2000 then "req/s < 2,000" else empty end),
          (if .latency_ms.p99 > 40 then "p99 > 40 ms" else empty end),
          (if $pg | not then "not on PostgreSQL" else empty end)
        elif .scenario == "refresh" or .scenario == "client_refresh" then
          (if .rps < 1000 then "req/s < 1,000" else empty end),
          (if .latency_ms.p99 > 40 then "p99 > 40 ms" else empty end),
          (if $pg | not then "not on PostgreSQL" else empty end),
          (keycloak_run($r) as $k | if $k and .rps < 1.3 * $k.rps then "< 1.3× Keycloak (\(.rps / $k.rps | r2)×)" else empty end)
        elif .scenario == "login" then
          (if .rps < 0.9 * $hash then "< 90 % of hash rate" else empty end)
        elif .scenario == "jwks" then
          (if .rps < 20000 then "req/s < 20,000" else empty end)
        elif .scenario == "people" then
          (open_rps($r) as $o | if $o == null then "no open run" elif .rps < 0.9 * $o then "< 90 % of open" else empty end)
        elif .scenario == "people_many" then
          (open_rps($r) as $o | if $o == null then "no open run" elif .rps < 0.8 * $o then "< 80 % of open" else empty end)
        else empty end),
        (if .errors.total > 0 then "errors" else empty end),
        (if .server.name == "auth-server" and .server.rss_max_mib > 256 then "RSS > 256 MiB"
         elif (.server.name | startswith("resource-server")) and .server.rss_max_mib > 200 then "RSS > 200 MiB"
         else empty end) ]
    # issue 13: client_refresh at least as fast as the first-party refresh (same run, same connections)
    | (if $r.scenario == "client_refresh" then
         (first_party_rps($r) as $f
          | if $f == null then "≥ refresh: no refresh run"
            elif $r.rps >= $f then "≥ refresh: **met** (\($r.rps / $f | pct1))"
            else "≥ refresh: **missed** (\($r.rps / $f | pct1))" end)
       else null end) as $vs_refresh
    | (if $r.scenario == "people_open" then (if length == 0 then "(baseline)" else "(baseline) " + join(", ") end)
       elif $vs_refresh and length == 0 then $vs_refresh
       elif $vs_refresh then $vs_refresh + "; missed: " + join(", ")
       elif length == 0 then "met" else "missed: " + join(", ") end)
    # issue 17: both refreshes against Keycloak's public-client refresh (≥ 1.3×, in the missed list when not)
    + (if $r.scenario == "refresh" or $r.scenario == "client_refresh" then
         (keycloak_run($r) as $k | if $k then "; \($r.rps / $k.rps | r2)× Keycloak" else "" end)
       else "" end)
    # a run during which other processes took a fifth of a core or more says so
    + (($r.machine.other_processes_cpu_s / $r.duration_s) as $others
       | if $others >= 0.2 then "; **shared: others used \($others | r1) cores**" else "" end);
  def fraction_text:
    if .errors.total > 0.01 * .requests then "– (errors)"
    elif .scenario == "people" or .scenario == "people_many" then (fraction | if . then pct + " of open" else "–" end)
    elif .scenario == "login" then
      "\(fraction | pct) (\(.rps / $hash | pct) of hash rate)"
    else fraction | pct end;

"# Benchmark \($m.timestamp), commit \($m.commit)\(if $m.dirty then " (uncommitted changes)" else "" end)",
"",
"- Machine: \($m.machine.cpu), \($m.machine.nproc) CPUs, \($m.machine.memory), \($m.machine.os), kernel \($m.machine.kernel); load average at start \($m.machine.loadavg_at_start)",
"- JVM: \($m.jvm.version); jvm.options \($m.jvm.jvm_options // "(none)"); JAVA_OPTS `\(if $m.jvm.java_opts == "" then "(none)" else $m.jvm.java_opts end)`; auth-server VM flags `\($m.jvm.server_vm_flags)`",
"- Database: \($m.database.kind)\(if $pg then " \($m.database.version) (" + ($m.database.settings | to_entries | map("\(.key)=\(.value)") | join(", ")) + ")" else "" end)",
"- Load: \($m.load_generator) on the same machine, `-t min(c, nproc) -c c --timeout 30s`; every run \($m.options.warmup_s) s warm-up (the first of each scenario on each server process \($m.options.jit_warmup_s // 0) s more, for the JIT), then \($m.options.duration_s) s measured; \(if $m.options.restart_per_scenario then "a fresh auth-server for each scenario" else "one auth-server for all scenarios" end)\(if $m.options.quick then " (--quick: a smoke run, not a measurement)" else "" end)",
"- Refresh tokens: mode `\($m.options.refresh_mode)`; \($m.refresh_pool_minted.tokens) pool tokens minted by login in \($m.refresh_pool_minted.seconds) s",
(if $m.keycloak then "- Keycloak: \($m.keycloak.distribution) on \($m.keycloak.jvm.version); \($m.keycloak.config); its JVM flags as kc.sh sets them `\($m.keycloak.jvm.args)`; its part of the run took \($m.keycloak.elapsed_s // "–") s" else empty end),
(if $m.note != "" then "- Note: \($m.note)" else empty end),
(($runs | map(.machine.other_processes_cpu_s) | add) as $others
 | ($runs | map(.duration_s) | add) as $span
 | if $span > 0 and $others / $span > 0.1 then
     "- **Shared machine**: other processes used \($others / $span | r2) CPU cores on average during the measured runs (see the machine columns)"
   else empty end),
"",
"## Raw limits (same java and flags, auth-server jar's classes)",
"",
"| Operation | 1 thread | \($raw.threads) threads |",
"| --- | ---: | ---: |",
"| RS256 sign, RSA-\($raw.rs256.keySize) (\($raw.rs256.provider), Nimbus, \($raw.rs256.tokenLength)-char JWT) | \($raw.rs256.sign1 | rate)/s | \($raw.rs256.signN | rate)/s |",
"| RS256 verify | \($raw.rs256.verify1 | rate)/s | \($raw.rs256.verifyN | rate)/s |",
"| Password check, \($raw.password.hashPrefix | sub("\\$$"; "")) (the server's UserPasswords) | \($raw.password.hash1 | rate)/s | \($raw.password.hashN | rate)/s |",
"",
"## Scenarios",
"",
"| Scenario | Conns | req/s | p50 ms | p99 ms | Errors | RSS MiB | CPU s/1k req | of limit | Target |",
"| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
($runs[] |
  "| \(.label) | \(.connections) | \(.rps | rate) | \(.latency_ms.p50 | r1) | \(.latency_ms.p99 | r1) | \(.errors.total)\(if (.counted.pool_exhausted // 0) > 0 then " (pool exhausted \(.counted.pool_exhausted))" else "" end) | \(.server.rss_max_mib | round) | \(.server.cpu_s_per_1k | r2) | \(fraction_text) | \(target) |"),
"",
"Limits (N threads): client_credentials = 1 signature per request (\($sign | rate)/s); refresh, client_refresh and code_exchange (per pair) = 2 signatures (\($sign / 2 | rate)/s); login = 1 password hash + 2 signatures (\(1 / (1 / $hash + 2 / $sign) | rate)/s; the target compares with the hash rate alone, \($hash | rate)/s). The protected GET is shown as a fraction of the same GET on the same build with the `benchmark` profile (no token check). RSS is the largest VmRSS of the server process during the measured run; CPU s/1k req is its user+system CPU over the measured run per 1,000 requests.",
"",
($runs | map(select(.scenario == "client_refresh")) | if length > 0 then
   "client_refresh is a public client's refresh at `/oauth2/token` (form, `grant_type=refresh_token`, `client_id`, no secret), chained like the first-party refresh; its target (issue 13) is at least the req/s of the first-party `refresh` of the same run at the same connections: "
   + (map(. as $r | first_party_rps($r) as $f
          | "\(.connections) conns \(.rps | rate) vs \($f | rate) req/s"
            + (if $f then " (\(.rps / $f | pct1))" else "" end)) | join("; ")) + ".", ""
 else empty end),
($runs | map(select(.scenario == "code_exchange")) | if length > 0 then
   "code_exchange: one unit is a pair, `GET /oauth2/authorize` (session cookie, PKCE S256; 302 with the code) then `POST /oauth2/token` (`grant_type=authorization_code`); req/s and CPU s/1k count completed exchanges (200 with tokens), p50/p99 are of the single HTTP requests of both kinds: "
   + (map("\(.connections) conns \(.units) exchanges, \(.counted.authorized) codes, \(.requests) HTTP requests (\(.http_rps | rate)/s); when wrk stopped \(.counted.codes_left) codes waited in the queue and \(.counted.authorized - .units - .counted.codes_left - .counted.other) exchanges were in flight") | join("; ")) + ".", ""
 else empty end),
(($runs | map(select(.growth.purge_ms != null)) | first) as $p
 | if $p then
     "Purge: the two DELETEs of `RefreshFamilies.purgeExpired` (run with psql) removed \($p.growth.expired_families | rate) expired families and their tokens in \($p.growth.purge_ms / 1000 | r1) s, while refresh ran at \($p.rps | rate) req/s (\($p.connections) connections); \($p.growth.expired_left) expired families left.", ""
   else empty end),
(if ($kc_runs | length) > 0 then
  "## Against Keycloak, same run",
  "",
  "Each server alone on the machine (ours first, then Keycloak \($m.keycloak.version // ""), same PostgreSQL, wrk scripts, warm-ups and connections). Our `refresh` and `client_refresh` are both read against Keycloak's `client_refresh` (its public client's `refresh_token` grant, rotation on); `login` against its password grant; `login_page` against its authorize URL without a session.",
  "",
  "| Scenario | Conns | ours req/s | Keycloak req/s | ours/Keycloak | p99 ms ours | p99 ms Keycloak | RSS MiB ours | RSS MiB Keycloak | CPU s/1k ours | CPU s/1k Keycloak |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ( ([$runs[] | select(.scenario != "people_open") | . as $o | keycloak_run($o) as $k | select($k) | {o: $o, k: $k}]) as $pairs
    | ($pairs[] | "| \(.o.label) | \(.o.connections) | \(.o.rps | rate) | \(.k.rps | rate) | **\(.o.rps / .k.rps | r2)×** | \(.o.latency_ms.p99 | r1) | \(.k.latency_ms.p99 | r1) | \(.o.server.rss_max_mib | round) | \(.k.server.rss_max_mib | round) | \(.o.server.cpu_s_per_1k | r2) | \(.k.server.cpu_s_per_1k | r2) |"),
      # Keycloak runs without a run of ours beside them (a scenario not selected for ours)
      ($kc_runs[] | . as $k
       | select([$pairs[] | select(.k == $k)] | length == 0)
       | "| \($k.label) | \($k.connections) | – | \($k.rps | rate) | – | – | \($k.latency_ms.p99 | r1) | – | \($k.server.rss_max_mib | round) | – | \($k.server.cpu_s_per_1k | r2) |")),
  "",
  ($kc_runs | map(select(.errors.total > 0)) | if length > 0 then
     "Keycloak runs with errors: " + (map("\(.label) c=\(.connections): \(.errors.total) (statuses \(.statuses | tojson))") | join("; ")), ""
   else empty end)
else empty end),
(if ($startup | length) > 0 then
  "## Start-up",
  "",
  "Launch to the first readiness 200 (ours `/actuator/health/readiness`, Keycloak's `/health/ready` on its management port), on an already migrated database, polled every 50 ms; the median of \($startup.samples // {} | to_entries | map("\(.value | length) \(.key | sub("_s$"; ""))") | join(", ")) starts (all: \($startup.samples // {} | tojson)).",
  "",
  "| Server | start-up s | of Keycloak's | Target (≤ 1/5 of Keycloak's) |",
  "| --- | ---: | ---: | --- |",
  ( ["auth_server_s", "resource_server_s"][] as $key | select($startup[$key] != null)
    | ($startup.keycloak_s) as $k
    | "| \($key | sub("_s$"; "") | gsub("_"; "-")) | \($startup[$key] | r2) | \(if $k then ($startup[$key] / $k | pct) else "–" end) | \(if $k == null then "no Keycloak start" elif $startup[$key] <= $k / 5 then "met" else "missed" end) |"),
  (if $startup.keycloak_s then "| Keycloak \($m.keycloak.version // "") | \($startup.keycloak_s | r2) | 100 % | (first start, schema and realm import: \($startup.keycloak_first_start_with_import_s | r1) s) |" else empty end),
  ""
else empty end),
(if $pg then
  "## Database work per request (PostgreSQL, from pg_stat_database; approximate)",
  "",
  "| Scenario | Conns | commits | rows inserted | updated | deleted | fetched | DB CPU s/1k req | load generator CPU s/1k | machine busy | other processes CPU s |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  (($runs + $kc_runs)[] | (.db.per_request // {}) as $d |
    "| \(.label) | \(.connections) | \($d.xact_commit | r2) | \($d.tup_inserted | r2) | \($d.tup_updated | r2) | \($d.tup_deleted | r2) | \($d.tup_fetched | r1) | \(.db.cpu_s_per_1k | r2) | \(.load_generator.cpu_s_per_1k | r2) | \(.machine.busy_pct | round) % | \(.machine.other_processes_cpu_s | r1) |"),
  ""
else
  "## Machine during the runs",
  "",
  "| Scenario | Conns | load generator CPU s/1k | machine busy | other processes CPU s |",
  "| --- | ---: | ---: | ---: | ---: |",
  (($runs + $kc_runs)[] | "| \(.label) | \(.connections) | \(.load_generator.cpu_s_per_1k | r2) | \(.machine.busy_pct | round) % | \(.machine.other_processes_cpu_s | r1) |"),
  ""
end)
