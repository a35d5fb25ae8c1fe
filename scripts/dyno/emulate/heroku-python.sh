# shellcheck shell=bash
# Stand-in for the WEB_CONCURRENCY.sh that heroku/python installs in .profile.d, written from the
# behaviour recorded in shared/reference/heroku-platform.md (not from its code):
# min(2*nproc+1, max(1, MB/256)) from cgroup v1 only, keeps any preset value (even empty),
# sets nothing without a v1 file or above 1 TiB, exports DYNO_RAM, logs on web dynos.
__py_limit="${TSICORN_CGROUP_ROOT:-}/sys/fs/cgroup/memory/memory.limit_in_bytes"
if [ -r "$__py_limit" ]; then
  read -r __py_bytes <"$__py_limit"
  if [ "${#__py_bytes}" -le 13 ] && [ "$__py_bytes" -le 1099511627776 ]; then
    __py_mb=$((__py_bytes / 1048576))
    __py_n=$((__py_mb / 256))
    if [ "$__py_n" -lt 1 ]; then __py_n=1; fi
    __py_cpu=$(($(nproc) * 2 + 1))
    if [ "$__py_n" -gt "$__py_cpu" ]; then __py_n=$__py_cpu; fi
    export DYNO_RAM=$__py_mb
    if [ -z "${WEB_CONCURRENCY+set}" ]; then
      export WEB_CONCURRENCY=$__py_n WEB_CONCURRENCY_SET_BY=heroku/python
      case ${DYNO:-} in web.*)
        echo "Python buildpack: Detected ${__py_mb} MB available memory." >&2
        echo "Python buildpack: Defaulting WEB_CONCURRENCY to ${__py_n}." >&2
        ;;
      esac
    fi
  fi
fi
unset __py_limit __py_bytes __py_mb __py_n __py_cpu
