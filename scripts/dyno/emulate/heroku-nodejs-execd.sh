#!/usr/bin/env bash
# Stand-in for the exec.d program heroku/nodejs installs on Cloud Native Buildpacks (Fir), written
# from its observable behaviour (facts in lib/concurrency/heroku-nodejs.ts, not its code): memory
# from /sys/fs/cgroup/memory.max, else .../memory/memory.limit_in_bytes, as an unsigned 64-bit number
# (unparsable: 512 MB; capped at 129024 MB); WEB_MEMORY and WEB_CONCURRENCY kept when they parse,
# else 512 (2048 above 16384 MB) and max(1, memory / WEB_MEMORY). Writes both to fd 3 as TOML and
# never WEB_CONCURRENCY_SET_BY. Reads through TSICORN_CGROUP_ROOT like tsicorn's own sizing.
set -u
root=${TSICORN_CGROUP_ROOT:-}

# Prints the decimal value of $1 when it parses as a u64 (optional leading +), else fails.
u64() {
  local d=${1#+}
  case $d in '' | *[!0-9]*) return 1 ;; esac
  d=$(printf '%s' "$d" | sed 's/^0*//')
  d=${d:-0}
  if [ ${#d} -gt 20 ]; then return 1; fi
  if [ ${#d} -eq 20 ] && [ "$(printf '%s\n%s\n' "$d" 18446744073709551615 | LC_ALL=C sort | tail -n1)" != 18446744073709551615 ]; then
    return 1
  fi
  printf '%s' "$d"
}

memory=512
for f in "$root/sys/fs/cgroup/memory.max" "$root/sys/fs/cgroup/memory/memory.limit_in_bytes"; do
  if [ -f "$f" ] && contents=$(cat "$f" 2>/dev/null); then
    contents=$(printf '%s' "$contents" | tr -d ' \t\n')
    if bytes=$(u64 "$contents"); then
      if [ ${#bytes} -gt 15 ]; then memory=129024; else memory=$((bytes / 1048576)); fi
      if [ "$memory" -gt 129024 ]; then memory=129024; fi
    fi
    break
  fi
done

if ! web_memory=$(u64 "${WEB_MEMORY-x}"); then
  if [ "$memory" -gt 16384 ]; then web_memory=2048; else web_memory=512; fi
fi
if ! web_concurrency=$(u64 "${WEB_CONCURRENCY-x}"); then
  if [ "$web_memory" = 0 ]; then
    echo 'attempt to divide by zero' >&2
    exit 101
  fi
  if [ ${#web_memory} -gt 15 ]; then web_concurrency=0; else web_concurrency=$((memory / web_memory)); fi
  if [ "$web_concurrency" -lt 1 ]; then web_concurrency=1; fi
fi
printf 'WEB_CONCURRENCY = "%s"\nWEB_MEMORY = "%s"\n' "$web_concurrency" "$web_memory" >&3
