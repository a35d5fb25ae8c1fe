# shellcheck shell=bash
# tsicorn: size WEB_CONCURRENCY for this dyno at boot (sourced by bash from .profile.d/).
#
# Rule: min(max(1, floor(memory_MB / 256)), 2 * cpus + 1), the same decision as
# lib/concurrency/decide.ts (a test runs both on every fixture tree and compares them).
# memory: cgroup v2 memory.max or v1 memory.limit_in_bytes; no limit -> sized from CPUs,
#         capped by MemTotal / 256. cpus: what nproc prints, lowered by a CPU quota.
# A user's WEB_CONCURRENCY (no WEB_CONCURRENCY_SET_BY) is kept; another buildpack's is replaced,
# and so is the value heroku/nodejs's Fir exec.d computed (it names no setter: recognised by its
# rule, lib/concurrency/heroku-nodejs.ts).
# Exports WEB_CONCURRENCY, WEB_CONCURRENCY_SET_BY=tsicorn and DYNO_RAM (MB, when known).
#
# Safe to source: builtins only (no forks), no exit, everything local to one function that is
# removed afterwards, works under `set -eu`. TSICORN_CGROUP_ROOT (tests, local dyno harness)
# points the reads at a fixture root holding sys/fs/cgroup/... and proc/.

__tsicorn_size() {
  local root=${TSICORN_CGROUP_ROOT:-}
  local cg=$root/sys/fs/cgroup
  local _line='' k v rest cgroup=none memname='' why='' known=0 mb=0 total_kb='' total_mb=''
  local list='' part='' lo hi affinity=0 nproc omp limit q p quota='' cpus cpu_text cg_text
  local n basis rule current setby reason raw='' _u64='' nodejs='' webmem node_mb

  # First line of a file into _line (dynamic scope: the caller's local), stripped like `read` does.
  __tsicorn_line() {
    _line=''
    if [ ! -f "$1" ] || [ ! -r "$1" ]; then return 1; fi
    { read -r _line <"$1"; } 2>/dev/null || [ -n "$_line" ] || :
    return 0
  }
  # Prints nothing; succeeds when $1 is a positive integer of at most 9 digits.
  __tsicorn_posint() {
    case $1 in '' | *[!0-9]*) return 1 ;; esac
    [ ${#1} -le 9 ] && [ $((10#$1)) -gt 0 ]
  }
  # An unsigned 64-bit integer as heroku/nodejs's exec.d parses it (one optional leading +):
  # succeeds and leaves its digits, without leading zeros, in _u64.
  __tsicorn_u64() {
    _u64=${1#+}
    case $_u64 in '' | *[!0-9]*) return 1 ;; esac
    while [ ${#_u64} -gt 1 ] && [ "${_u64#0}" != "$_u64" ]; do _u64=${_u64#0}; done
    if [ ${#_u64} -gt 20 ]; then return 1; fi
    # shellcheck disable=SC2071 # same-length digit strings: a string comparison, past bash arithmetic
    if [ ${#_u64} -eq 20 ] && [[ $_u64 > 18446744073709551615 ]]; then return 1; fi
    return 0
  }

  if [ -e "$cg/cgroup.controllers" ]; then
    cgroup=v2 memname=memory.max
  elif [ -d "$cg/memory" ]; then
    cgroup=v1 memname=memory.limit_in_bytes
  fi

  if [ -f "$root/proc/meminfo" ] && [ -r "$root/proc/meminfo" ]; then
    while read -r k v rest; do
      if [ "$k" = MemTotal: ]; then
        case $v in '' | *[!0-9]*) ;; *) total_kb=$v ;; esac
        break
      fi
    done <"$root/proc/meminfo"
  fi
  if [ -n "$total_kb" ]; then total_mb=$((10#$total_kb / 1024)); fi

  # Memory limit.
  if [ "$cgroup" = none ]; then
    why='no memory cgroup'
  else
    if [ "$cgroup" = v2 ]; then v=$cg/memory.max; else v=$cg/memory/memory.limit_in_bytes; fi
    # raw: the line as read ('' when unreadable), for heroku/nodejs's rule below.
    if ! __tsicorn_line "$v"; then
      why="cannot read $memname"
    elif raw=$_line && [ "$_line" = max ]; then
      why='no limit'
    else
      case $_line in
      '' | *[!0-9]*) why="invalid value in $memname" ;;
      *)
        if [ ${#_line} -gt 15 ]; then
          why='no limit'
        else
          mb=$((10#$_line / 1048576))
          if [ -n "$total_kb" ] && [ $((10#$_line)) -gt $((10#$total_kb * 1024)) ]; then
            why="limit $mb MB above MemTotal $total_mb MB"
          else
            known=1
          fi
        fi
        ;;
      esac
    fi
  fi

  # CPUs: the affinity mask as nproc counts it, then OMP_NUM_THREADS / OMP_THREAD_LIMIT like nproc.
  # Under a fixture root without proc/self/status: its proc/cpuinfo, else this machine's own mask.
  __tsicorn_cpus_allowed() {
    if [ ! -f "$1" ] || [ ! -r "$1" ]; then return 0; fi
    while read -r k v rest; do
      if [ "$k" = Cpus_allowed_list: ]; then
        list=$v
        break
      fi
    done <"$1"
  }
  __tsicorn_cpus_allowed "$root/proc/self/status"
  if [ -z "$list" ] && [ -n "$root" ]; then
    if [ -f "$root/proc/cpuinfo" ] && [ -r "$root/proc/cpuinfo" ]; then
      n=0
      while read -r k rest; do
        if [ "$k" = processor ]; then n=$((n + 1)); fi
      done <"$root/proc/cpuinfo"
      if [ "$n" -gt 0 ]; then list="0-$((n - 1))"; fi
    else
      __tsicorn_cpus_allowed /proc/self/status
    fi
  fi
  if [ -n "$list" ]; then
    # Split on commas by hand: a here-string would cost a temp file or pipe at every boot.
    rest=$list,
    while [ -n "$rest" ]; do
      part=${rest%%,*}
      rest=${rest#*,}
      case $part in
      '' | *[!0-9-]* | -* | *- | *-*-*) affinity=0 && break ;;
      *-*) lo=${part%-*} hi=${part#*-} ;;
      *) lo=$part hi=$part ;;
      esac
      if [ $((10#$hi)) -lt $((10#$lo)) ]; then affinity=0 && break; fi
      affinity=$((affinity + 10#$hi - 10#$lo + 1))
    done
  fi
  if [ "$affinity" -lt 1 ]; then affinity=1; fi
  nproc=$affinity
  omp=${OMP_NUM_THREADS:-}
  omp=${omp%%,*}
  if __tsicorn_posint "$omp"; then nproc=$((10#$omp)); fi
  limit=${OMP_THREAD_LIMIT:-}
  if __tsicorn_posint "$limit" && [ $((10#$limit)) -lt "$nproc" ]; then nproc=$((10#$limit)); fi

  # CPU quota, rounded up to whole CPUs.
  v=''
  if [ "$cgroup" = v2 ]; then
    if __tsicorn_line "$cg/cpu.max"; then v=$_line; fi
  elif [ "$cgroup" = v1 ]; then
    if __tsicorn_line "$cg/cpu/cpu.cfs_quota_us"; then
      q=$_line
      if __tsicorn_line "$cg/cpu/cpu.cfs_period_us"; then v="$q $_line"; fi
    fi
  fi
  if [ -n "$v" ]; then
    # First two whitespace-separated fields, like `read q p`.
    v=${v//$'\t'/ }
    q=${v%% *}
    p=${v#"$q"}
    p=${p#"${p%%[! ]*}"}
    p=${p%% *}
    if __tsicorn_posint "$q" && __tsicorn_posint "$p"; then
      quota=$(((10#$q + 10#$p - 1) / 10#$p))
    fi
  fi
  cpus=$nproc
  cpu_text="$cpus CPUs"
  if [ -n "$quota" ] && [ "$quota" -lt "$nproc" ]; then
    cpus=$quota
    cpu_text="$cpus CPUs (nproc $nproc, quota $quota)"
  fi
  if [ "$cgroup" = none ]; then cg_text='no cgroup'; else cg_text="cgroup $cgroup"; fi

  # The rule.
  if [ "$known" = 1 ]; then
    n=$((mb / 256))
    if [ "$n" -lt 1 ]; then n=1; fi
    if [ "$n" -gt $((2 * cpus + 1)) ]; then n=$((2 * cpus + 1)); fi
    basis="memory $mb MB, $cpu_text, $cg_text"
    rule="min(max(1, $mb/256), 2*$cpus+1) = $n"
  else
    n=$((2 * cpus + 1))
    if [ -n "$total_mb" ]; then
      v=$((total_mb / 256))
      if [ "$v" -lt 1 ]; then v=1; fi
      if [ "$v" -lt "$n" ]; then n=$v; fi
      rule="min(2*$cpus+1, max(1, MemTotal $total_mb/256)) = $n"
    else
      rule="2*$cpus+1 = $n"
    fi
    basis="memory unknown ($why), $cpu_text, $cg_text"
  fi

  current=${WEB_CONCURRENCY:-}
  setby=${WEB_CONCURRENCY_SET_BY:-}
  # heroku/nodejs's Fir exec.d default: WEB_MEMORY a decimal number, MEMORY_AVAILABLE unset (only
  # the classic script sets it), and the value equals max(1, its memory / WEB_MEMORY).
  webmem=${WEB_MEMORY-}
  if [ -n "$current" ] && [ -z "$setby" ] && [ -z "${MEMORY_AVAILABLE+x}" ]; then
    case $webmem in
    '' | *[!0-9]* | 0 | 0?*) ;;
    *)
      node_mb=512
      if [ "$cgroup" != none ] && __tsicorn_u64 "$raw"; then
        node_mb=129024
        if [ ${#_u64} -le 15 ] && [ $((10#$_u64 / 1048576)) -lt 129024 ]; then
          node_mb=$((10#$_u64 / 1048576))
        fi
      fi
      v=0
      if [ ${#webmem} -le 15 ]; then v=$((node_mb / 10#$webmem)); fi
      if [ "$v" -lt 1 ]; then v=1; fi
      if [ "$current" = "$v" ]; then nodejs="$node_mb MB / WEB_MEMORY $webmem"; fi
      ;;
    esac
  fi
  if [ -n "$nodejs" ]; then
    reason="WEB_CONCURRENCY=$n, replacing $current that heroku/nodejs's exec.d computed ($nodejs) ($basis: $rule)"
    export WEB_CONCURRENCY="$n" WEB_CONCURRENCY_SET_BY=tsicorn
    if [ "$known" = 1 ]; then export DYNO_RAM="$mb"; fi
  elif [ -n "$current" ] && [ -z "$setby" ]; then
    reason="keeping WEB_CONCURRENCY=$current set by the user ($basis would give $n)"
  else
    if [ -n "$current" ]; then
      reason="WEB_CONCURRENCY=$n, replacing $current from $setby ($basis: $rule)"
    else
      reason="WEB_CONCURRENCY=$n ($basis: $rule)"
    fi
    export WEB_CONCURRENCY="$n" WEB_CONCURRENCY_SET_BY=tsicorn
    if [ "$known" = 1 ]; then export DYNO_RAM="$mb"; fi
  fi
  case ${DYNO:-} in web.*) printf '%s\n' "tsicorn: $reason" >&2 ;; esac
  unset -f __tsicorn_line __tsicorn_posint __tsicorn_u64 __tsicorn_cpus_allowed
  return 0
}
__tsicorn_size
unset -f __tsicorn_size
