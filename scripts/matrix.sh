#!/usr/bin/env bash
# `make test-matrix`: the whole suite and the demo on each QGIS the plugin claims, as root.
#
# - host:   this machine's QGIS (Debian 12: 3.22), `make test` and `make demo` in this checkout;
# - trixie: Debian 13 (QGIS 3.40 LTR) and sid (3.44, a moving target), each a Debian system built
#   with debootstrap from Debian's archive and cached under $IMPERIAL_LAND_MATRIX_DIR (default:
#   .matrix/ in the checkout, gitignored). A cached system is rebuilt when its distribution changes
#   (the archive's Codename/Version, or the build recipe in this file), when it is older than
#   $IMPERIAL_LAND_MATRIX_MAX_AGE_DAYS (default 7: sid moves), or with IMPERIAL_LAND_MATRIX_REBUILD=1.
#
# Inside each system: a copy of this checkout's files (tracked and new, never .venv or build
# output), the machine's pip settings and CA bundle, services blocked from starting
# (policy-rc.d), then `make test`, `make demo` and `make package` there, which install what they
# need through scripts/setup.sh. The bind mounts are undone on exit, also on failure.
# Prints one line per QGIS version with pytest's summary; exits 1 when one of them failed.
#
# IMPERIAL_LAND_MATRIX_SUITES picks the systems (default "host trixie sid").
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
DIR=${IMPERIAL_LAND_MATRIX_DIR:-$REPO/.matrix}
MIRROR=${IMPERIAL_LAND_MATRIX_MIRROR:-http://deb.debian.org/debian}
SUITES=${IMPERIAL_LAND_MATRIX_SUITES:-host trixie sid}
MAX_AGE_DAYS=${IMPERIAL_LAND_MATRIX_MAX_AGE_DAYS:-7}
INNER=/srv/imperial_land   # the checkout's copy inside each system (its .venv is kept there)
RECIPE_VERSION=1           # bump when the way a system is built changes

if [ "$(id -u)" -ne 0 ]; then
  echo "matrix: needs root (debootstrap, chroot, mounts)" >&2
  exit 1
fi
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
# A fresh machine has no debootstrap (and curl reads the archive's release files).
for tool in debootstrap curl; do
  if ! command -v "$tool" >/dev/null; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "$tool" >/dev/null
  fi
done

MOUNTED=()   # mount points to undo, in order of mounting
cleanup_mounts() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount -R -l "${MOUNTED[i]}" 2>/dev/null || true
  done
  MOUNTED=()
}
trap cleanup_mounts EXIT
trap 'exit 130' INT TERM

# Refuses to delete a system while anything is mounted below it (that would reach the host).
remove_root() {
  local root=$1
  [ -e "$root" ] || return 0
  if findmnt -rn -o TARGET | grep -q "^$root\(/\|$\)"; then
    echo "matrix: $root still has mounts; not removing it" >&2
    exit 1
  fi
  rm -rf --one-file-system "$root"
}

bind() {  # bind SRC DEST [ro]
  local src=$1 dest=$2
  mkdir -p "$dest"
  mount --rbind "$src" "$dest"
  mount --make-rslave "$dest"
  MOUNTED+=("$dest")
  if [ "${3:-}" = ro ]; then
    mount -o remount,bind,ro "$dest"
  fi
}

# The archive's idea of the suite: "Codename Version" from its InRelease file.
suite_identity() {
  curl -fsS --max-time 60 "$MIRROR/dists/$1/InRelease" |
    sed -n 's/^\(Codename\|Version\): *//p' | tr '\n' ' '
}

recipe_hash() {
  { echo "$RECIPE_VERSION $MIRROR"; sed -n '/^build_root()/,/^}/p' "$REPO/scripts/matrix.sh"; } |
    sha256sum | cut -c1-16
}

build_root() {  # build_root SUITE ROOT
  local suite=$1 root=$2
  remove_root "$root.new"
  echo "matrix: $suite: debootstrap from $MIRROR"
  debootstrap --variant=minbase --include=ca-certificates,make,git,locales \
    "$suite" "$root.new" "$MIRROR" >"$DIR/$suite.debootstrap.log" 2>&1 || {
    tail -n 20 "$DIR/$suite.debootstrap.log" >&2
    return 1
  }
  # No service starts inside (postgresql, dbus...): invoke-rc.d asks policy-rc.d first.
  printf '#!/bin/sh\nexit 101\n' >"$root.new/usr/sbin/policy-rc.d"
  chmod 755 "$root.new/usr/sbin/policy-rc.d"
  cat >"$root.new/etc/apt/apt.conf.d/90imperial-matrix" <<'APT'
Acquire::Check-Valid-Until "false";
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Dpkg::Use-Pty "false";
APT
  # The tests start their own throwaway cluster: the package's default one is not wanted.
  mkdir -p "$root.new/etc/postgresql-common"
  echo "create_main_cluster = false" >"$root.new/etc/postgresql-common/createcluster.conf"
  echo "$suite" >"$root.new/etc/debian_chroot"
  mv "$root.new" "$root"
}

# The machine's package-registry settings: pip configuration files, the PIP_* and CA-bundle
# variables, the files and local folders they name.
copy_registry_settings() {
  local root=$1 file var path confs=()
  for file in /etc/pip.conf /etc/xdg/pip/pip.conf "$HOME/.config/pip/pip.conf" \
    "$HOME/.pip/pip.conf" "${PIP_CONFIG_FILE:-}"; do
    [ -n "$file" ] && [ -f "$file" ] || continue
    confs+=("$file")
    mkdir -p "$root$(dirname "$file")"
    cp "$file" "$root$file"
  done
  resolv=$(readlink -f /etc/resolv.conf)
  [ -f "$resolv" ] && cp "$resolv" "$root/etc/resolv.conf.matrix" &&
    rm -f "$root/etc/resolv.conf" && mv "$root/etc/resolv.conf.matrix" "$root/etc/resolv.conf"
  ENV_PASS=()
  for var in $(compgen -e); do
    case $var in
      PIP_* | SSL_CERT_FILE | SSL_CERT_DIR | REQUESTS_CA_BUNDLE | CURL_CA_BUNDLE | HTTPS_PROXY | HTTP_PROXY | NO_PROXY | https_proxy | http_proxy | no_proxy) ENV_PASS+=("$var=${!var}") ;;
    esac
  done
  # Files (CA bundles) are copied to the same path; local folders (find-links, file:// indexes)
  # are mounted read-only at the same path.
  for path in $(
    {
      printf '%s\n' "${ENV_PASS[@]}" | cut -d= -f2-
      [ ${#confs[@]} -eq 0 ] || cat "${confs[@]}"
    } | grep -o '/[^ ,;"]*' | sed 's#^//*#/#' | sort -u
  ); do
    case $path in /proc* | /sys* | /dev*) continue ;; esac
    if [ -f "$path" ]; then
      mkdir -p "$root$(dirname "$path")"
      cp -L "$path" "$root$path"
    elif [ -d "$path" ] && [ "$path" != / ] && [[ $path != /etc/ssl* ]]; then
      # a PEP 503 index (.../simple) links to files beside it: mount its parent
      [ "$(basename "$path")" = simple ] && path=$(dirname "$path")
      findmnt -rn "$root$path" >/dev/null || bind "$path" "$root$path" ro
    fi
  done
  # The machine's CA bundle also becomes a local CA of the system, so that a later
  # update-ca-certificates (a package's trigger) keeps it.
  local bundle=${PIP_CERT:-${SSL_CERT_FILE:-${REQUESTS_CA_BUNDLE:-}}}
  if [ -n "$bundle" ] && [ -f "$bundle" ]; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp -L "$bundle" "$root/usr/local/share/ca-certificates/host-bundle.crt"
  fi
}

# This checkout's files (tracked, and new ones not ignored) into ROOT/srv/imperial_land;
# the .venv made there by an earlier run is kept.
copy_checkout() {
  local dest=$1$INNER
  mkdir -p "$dest"
  find "$dest" -mindepth 1 -maxdepth 1 ! -name .venv -exec rm -rf {} +
  git -C "$REPO" ls-files -z --cached --others --exclude-standard |
    (cd "$REPO" && xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
    tar -C "$REPO" --null -T - -cf - | tar -C "$dest" -xf -
}

summary_line() {  # the pytest summary of a log (its last "=== ... in 12.3s ===" line)
  grep -E '^=+ .*(passed|failed|error).* in [0-9.]+s' "$1" | tail -n1 | sed 's/^=* *//; s/ *=*$//'
}

RESULTS=()
STATUS=0

run_host() {
  local log=$DIR/host.log version rc=0
  echo "matrix: host: make test, make demo, make package"
  { make -C "$REPO" --no-print-directory test && make -C "$REPO" --no-print-directory demo &&
    make -C "$REPO" --no-print-directory package; } >"$log" 2>&1 || rc=$?
  version=$(/usr/bin/python3 -c 'from qgis.core import Qgis; print(Qgis.version().split("-")[0])' 2>/dev/null)
  report "$version" "$(. /etc/os-release && echo "$PRETTY_NAME")" "$log" "$rc"
}

run_suite() {
  local suite=$1 root=$DIR/$1 stamp=$DIR/$1.stamp want age rc=0 version log=$DIR/$1.log
  want="$(suite_identity "$suite")$(recipe_hash)"
  if [ -d "$root" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
    [ -z "${IMPERIAL_LAND_MATRIX_REBUILD:-}" ]; then
    age=$((($(date +%s) - $(stat -c %Y "$stamp")) / 86400))
    if [ "$age" -ge "$MAX_AGE_DAYS" ]; then
      echo "matrix: $suite: cached system is $age days old: rebuilding"
      remove_root "$root"
    fi
  elif [ -d "$root" ]; then
    echo "matrix: $suite: the distribution or the recipe changed: rebuilding"
    remove_root "$root"
  fi
  if [ ! -d "$root" ]; then
    rm -f "$stamp"
    build_root "$suite" "$root" || {
      report "?" "$suite" /dev/null 1 "debootstrap failed (see $DIR/$suite.debootstrap.log)"
      return
    }
    echo "$want" >"$stamp"
  fi

  bind /proc "$root/proc"
  bind /sys "$root/sys"
  bind /dev "$root/dev"
  copy_registry_settings "$root"
  copy_checkout "$root"
  echo "matrix: $suite: make test, make demo, make package (log: $log)"
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 TERM=dumb "${ENV_PASS[@]}" IMPERIAL_LAND_REQUIRE_POSTGIS=1 \
    chroot "$root" /bin/bash -c "
      set -e
      update-ca-certificates >/dev/null 2>&1 || true
      cd $INNER
      make --no-print-directory test
      make --no-print-directory demo
      make --no-print-directory package
    " >"$log" 2>&1 || rc=$?
  version=$(chroot "$root" /usr/bin/python3 -c \
    'from qgis.core import Qgis; print(Qgis.version().split("-")[0])' 2>/dev/null || echo "?")
  cleanup_mounts
  report "$version" "$(. "$root/etc/os-release" && echo "$PRETTY_NAME")" "$log" "$rc"
}

report() {  # report QGIS_VERSION SYSTEM LOG RC [WHY]
  local line
  line=$(summary_line "$3")
  [ -n "$line" ] || line="no pytest summary"
  if [ "$4" -eq 0 ]; then
    RESULTS+=("QGIS $1 ($2): $line; demo and package ok")
  else
    STATUS=1
    RESULTS+=("QGIS $1 ($2): $line; FAILED (${5:-exit $4, see $3})")
  fi
  echo "matrix: ${RESULTS[-1]}"
}

start=$(date +%s)
for suite in $SUITES; do
  if [ "$suite" = host ]; then run_host; else run_suite "$suite"; fi
done
echo
echo "matrix summary ($(($(date +%s) - start)) s):"
printf '  %s\n' "${RESULTS[@]}"
exit "$STATUS"
