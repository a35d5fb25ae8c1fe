# shellcheck shell=bash
# Stand-in for the WEB_CONCURRENCY.sh that heroku/nodejs installs in .profile.d, written from the
# behaviour recorded in shared/reference/heroku-platform.md (not from its code): memory / 512 MB
# (2048 above 16 GB), no CPU term, v1 only (else assumes 512 MB), replaces an empty value, silent.
# Used by the local dyno harness and the order tests; reads through TSICORN_CGROUP_ROOT like ours.
__nodejs_limit="${TSICORN_CGROUP_ROOT:-}/sys/fs/cgroup/memory/memory.limit_in_bytes"
if [ -r "$__nodejs_limit" ]; then
  read -r __nodejs_bytes <"$__nodejs_limit"
  MEMORY_AVAILABLE=$((__nodejs_bytes / 1048576))
else
  MEMORY_AVAILABLE=512
fi
if [ "$MEMORY_AVAILABLE" -gt 129024 ]; then MEMORY_AVAILABLE=129024; fi
if [ "$MEMORY_AVAILABLE" -gt 16384 ]; then WEB_MEMORY=2048; else WEB_MEMORY=512; fi
export MEMORY_AVAILABLE WEB_MEMORY
# Like the original, this reads WEB_CONCURRENCY without a default (fails under set -u when unset).
if [ -z "$WEB_CONCURRENCY" ]; then
  export WEB_CONCURRENCY=$((MEMORY_AVAILABLE / WEB_MEMORY)) WEB_CONCURRENCY_SET_BY=heroku/nodejs
fi
unset __nodejs_limit __nodejs_bytes
