# Shared helpers for scripts/upstream/<server>; source it, don't run it.
#   . "$(dirname "$0")/lib.sh"
# Functions (signatures are stable):
#   need_pkg PKG...                 exit 3 unless every Debian package is installed
#   wait_port PORT [SECONDS] [PID]  wait until 127.0.0.1:PORT accepts (default 30 s); returns 1
#                                   on timeout, or early when PID is given and that process died
#   fail_with_log MSG LOGFILE...    MSG + last 40 lines of each log on stderr, exit 1
#   kill_pidfile FILE [SECONDS]     TERM the pid in FILE, wait (default 10 s), then KILL; idempotent
#   need_free_port PORT...          exit 1 when something already listens on 127.0.0.1:PORT
#   pid_alive PID                   0 when the process exists (and is not a zombie)
#   wait_gone PID [SECONDS]         wait until PID is gone (default 10 s); 1 on timeout
#   ensure_group NAME [GID]         create a system group if missing
#   ensure_user NAME SHELL [GROUP]  create a user with that shell and group if missing
#   ensure_traversable DIR          make DIR 0755 and check that service users can reach it:
#                                   ancestors under /tmp (or $TMPDIR) get o+x, others must have it

need_pkg() {
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
      echo "missing Debian package: $p (run scripts/upstream/install)" >&2
      exit 3
    fi
  done
}

pid_alive() {
  local pid=$1 st=
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  { read -r st < "/proc/$pid/stat"; } 2>/dev/null || return 1
  st=${st##*) }
  [ "${st%% *}" != Z ]
}

_port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

need_free_port() {
  local p
  for p in "$@"; do
    if _port_open "$p"; then
      echo "port $p on 127.0.0.1 is already in use" >&2
      exit 1
    fi
  done
}

wait_port() {
  local port=$1 secs=${2:-30} pid=${3:-} end
  end=$(( $(date +%s) + secs ))
  while :; do
    _port_open "$port" && return 0
    if [ -n "$pid" ] && ! pid_alive "$pid"; then
      echo "process $pid exited before port $port opened" >&2
      return 1
    fi
    [ "$(date +%s)" -ge "$end" ] && { echo "port $port not open after ${secs}s" >&2; return 1; }
    sleep 0.1
  done
}

fail_with_log() {
  local msg=$1 f
  shift
  echo "$msg" >&2
  for f in "$@"; do
    if [ -s "$f" ]; then
      echo "--- last 40 lines of $f ---" >&2
      tail -n 40 "$f" >&2
    fi
  done
  exit 1
}

wait_gone() {
  local pid=$1 secs=${2:-10} i
  for ((i = 0; i < secs * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  return 1
}

kill_pidfile() {
  local f=$1 secs=${2:-10} pid
  [ -f "$f" ] || return 0
  pid=$(tr -dc '0-9' < "$f" 2>/dev/null || true)
  if [ -n "$pid" ] && pid_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" "$secs"; then
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 5 || true
    fi
  fi
  rm -f "$f"
  return 0
}

ensure_group() {
  local name=$1 gid=${2:-}
  getent group "$name" >/dev/null && return 0
  if [ -n "$gid" ] && ! getent group "$gid" >/dev/null; then
    groupadd -r -g "$gid" "$name" 2>/dev/null || getent group "$name" >/dev/null
  else
    groupadd -r "$name" 2>/dev/null || getent group "$name" >/dev/null
  fi
}

ensure_user() {
  local name=$1 shell=$2 group=${3:-}
  getent passwd "$name" >/dev/null && return 0
  if [ -n "$group" ]; then
    ensure_group "$group"
    useradd -M -d /nonexistent -s "$shell" -g "$group" "$name" 2>/dev/null || getent passwd "$name" >/dev/null
  else
    useradd -M -d /nonexistent -s "$shell" -U "$name" 2>/dev/null || getent passwd "$name" >/dev/null
  fi
}

ensure_traversable() {
  local dir=$1 d tmp=${TMPDIR:-/tmp}
  chmod 755 "$dir"
  tmp=$(cd "$tmp" 2>/dev/null && pwd -P || echo /tmp)
  d=$(cd "$dir" && pwd -P)
  while d=$(dirname "$d"); [ "$d" != / ]; do
    if [ "$(( 0$(stat -c %a "$d") & 01 ))" = 0 ]; then
      case $d/ in
        /tmp/?*|"$tmp"/?*) chmod o+x "$d" ;;
        *) echo "$d is not searchable by others (mode $(stat -c %a "$d")): the servers' own users" \
                "cannot reach $dir; chmod o+x $d or pick another folder" >&2
           return 1 ;;
      esac
    fi
  done
  return 0
}
