# Where a profiled run spent its CPU, from `jfr print --events jdk.ExecutionSample` output:
#   by library: each sample goes to the first frame from the top that belongs to a known library
#               (JDK collections and the like are skipped, so a HashMap lookup counts for its caller;
#               java.math and sun.security count as RSA);
#   self: the top frame of each sample; inclusive: every method on the stack, once per sample.
# Used by bench/run --profile.
function library(frame) {
  if (frame ~ /^(sun\.security\.|java\.math\.|com\.sun\.crypto\.)/) return "RSA, SHA and other JDK crypto"
  if (frame ~ /^org\.bouncycastle\./) return "argon2 (Bouncy Castle)"
  if (frame ~ /^com\.nimbusds\./) return "Nimbus JOSE (JWT JSON, base64)"
  if (frame ~ /^org\.postgresql\./) return "PostgreSQL JDBC driver"
  if (frame ~ /^org\.h2\./) return "H2 database"
  if (frame ~ /^com\.zaxxer\.hikari\./) return "Hikari connection pool"
  if (frame ~ /^org\.springframework\.(jdbc|data|transaction)\./) return "Spring JDBC, Data, transactions"
  if (frame ~ /^(tools\.jackson|com\.fasterxml\.jackson)\./) return "Jackson"
  if (frame ~ /^org\.springframework\.security\.oauth2\.server\.authorization\./) return "Spring Authorization Server"
  if (frame ~ /^org\.springframework\.security\./) return "Spring Security"
  if (frame ~ /^io\.micrometer\./) return "Micrometer observations"
  if (frame ~ /^org\.apache\.(tomcat|catalina|coyote)\./) return "Tomcat"
  if (frame ~ /^org\.springframework\.(web|http)\./) return "Spring MVC"
  if (frame ~ /^org\.springframework\./) return "Spring (other)"
  if (frame ~ /^dev\.tokenservice\./) return "token-service code"
  if (frame ~ /^(ch\.qos\.logback|org\.slf4j|org\.apache\.logging)\./) return "logging"
  if (frame ~ /^(java|javax|jdk|sun|com\.sun)\./) return ""
  return "other libraries"
}
function finish_sample() {
  if (!open_sample) return
  bucket = ""
  for (i = 1; i <= depth && bucket == ""; i++) bucket = library(stack[i])
  if (bucket == "") bucket = "JDK only (threads, I/O, collections)"
  libraries[bucket]++
  open_sample = 0
}
/^jdk\.ExecutionSample/ { finish_sample(); samples++; open_sample = 1; depth = 0; delete seen; next }
/^[ \t]+stackTrace = \[/ { in_stack = 1; next }
in_stack && /^[ \t]+\]/ { in_stack = 0; next }
in_stack {
  frame = $0
  sub(/^[ \t]+/, "", frame)
  sub(/[ \t]+line:.*$/, "", frame)
  sub(/\(.*$/, "", frame)
  if (frame == "..." || frame == "") next
  if (depth == 0) self[frame]++
  stack[++depth] = frame
  if (!(frame in seen)) { seen[frame] = 1; inclusive[frame]++ }
}
END {
  finish_sample()
  if (samples == 0) { print "no execution samples"; exit }
  printf "%d execution samples of running Java threads (JFR, every 10-20 ms)\n\nBy library\n", samples
  top(libraries, 20)
  printf "\nSelf (top frame)\n"
  top(self, 30)
  printf "\nInclusive (on the stack)\n"
  top(inclusive, 80)
}
function top(counts, limit,    n, i, j, k, keys, tmp) {
  n = 0
  for (k in counts) keys[++n] = k
  for (i = 1; i <= n && i <= limit; i++) {
    for (j = i + 1; j <= n; j++) if (counts[keys[j]] > counts[keys[i]]) { tmp = keys[i]; keys[i] = keys[j]; keys[j] = tmp }
    printf "%6.1f %%  %s\n", 100 * counts[keys[i]] / samples, keys[i]
  }
}
