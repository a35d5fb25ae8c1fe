#!/usr/bin/env bash
# enter-cgroup.sh CGROUP_DIR VERSION CPU_LIST -- COMMAND...
# Runs COMMAND the way a dyno sees its limits: moves itself into CGROUP_DIR (a memory cgroup the
# harness made and sized), pins CPUs with taskset, then enters new cgroup + mount namespaces and
# mounts the memory controller where a dyno reads it, so /sys/fs/cgroup/memory/memory.limit_in_bytes
# (v1) or /sys/fs/cgroup/memory.max (v2) shows this cgroup's limit. Every step execs: COMMAND keeps
# this process's pid. Root only.
set -euo pipefail
cg=$1 version=$2 cpus=$3
shift 3
if [ "${1:-}" = -- ]; then shift; fi
echo $$ >"$cg/cgroup.procs"
if [ "$version" = v2 ]; then
  mount_cmd='umount -l /sys/fs/cgroup && mount -t cgroup2 tsicorn /sys/fs/cgroup'
else
  mount_cmd='umount -l /sys/fs/cgroup/memory && mount -t cgroup -o memory tsicorn /sys/fs/cgroup/memory'
fi
# shellcheck disable=SC2016 # $@ is expanded by the inner bash, after unshare
exec taskset -c "$cpus" unshare --cgroup --mount --propagation private -- \
  bash --norc --noprofile -c "$mount_cmd"' && exec "$@"' enter-cgroup "$@"
