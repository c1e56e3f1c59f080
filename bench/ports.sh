# Sourced by the bench scripts. free_port: a port of 127.0.0.1 nobody listened
# on a moment ago, below Linux's ephemeral range (32768-60999), where an
# outgoing connection's local port would block the bind. Calls the sourcing
# script's die() when none is found.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || {
      echo "$port"
      return
    }
  done
  die "no free port"
}
