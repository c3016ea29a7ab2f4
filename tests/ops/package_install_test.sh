#!/usr/bin/env bash
# tests/ops/package_install_test.sh BUILD_DIR — the Debian packages as a county installs them (issue 16 item 1).
# 1. CPack makes the packages from the build folder (platform/debian/packaging.cmake); lintian reports no error.
# 2. debootstrap makes a fresh Debian 12 (bookworm, minbase) root; apt installs jiebang-data, jiebang-tools and
#    jiebang-aggregator into it from the local .debs plus Debian's archive (their dependencies come from there).
# 3. What the packages promise: the system user, the 0700 state folder it owns, the conffile, the unit enabled,
#    the assets found with no setting; the aggregator started there exactly as its unit's ExecStart says, as
#    its user, makes its CURVE key (0600) and store, listens, and `jiebang` reads that store; SIGTERM ends it
#    with exit 0.
# 4. `apt purge` leaves no user, no state and no /etc/jiebang.
# Needs root (chroot, mounts in a private mount namespace) and Debian's archive. The minbase tarball is cached in
# ${XDG_CACHE_HOME:-~/.cache}/jiebang so later runs do not download it again. Exit 77 (ctest: skipped) only
# when the archive cannot be reached and no cached tarball exists; every other problem fails.
set -euo pipefail
build="$(cd "$1" && pwd)"
mirror="${JIEBANG_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/jiebang"
tarball="$cache/bookworm-minbase.tgz"
work="$(mktemp -d /tmp/jiebang-package-test.XXXXXX)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (chroot into a fresh Debian root)"
for tool in cpack lintian debootstrap unshare chroot; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/setup installs it)"
done

# [SECTION] 1. the packages and lintian
(cd "$build" && cpack -G DEB -B "$work/packages" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack"; }
ls "$work/packages"/*.deb >/dev/null 2>&1 || fail "cpack made no .deb"
for package in jiebang-data jiebang-tools jiebang-aggregator; do
  ls "$work/packages/${package}_"*.deb >/dev/null 2>&1 || fail "no package $package"
done
lintian --fail-on error --no-tag-display-limit "$work/packages"/*.deb >"$work/lintian.log" 2>&1 ||
  { cat "$work/lintian.log" >&2; fail "lintian reports errors"; }
echo "lintian: no errors ($(grep -c '^W:' "$work/lintian.log" || true) warnings)"

# [SECTION] 2. a fresh Debian 12 root
mkdir -p "$cache"
if [ ! -s "$tarball" ]; then
  if ! debootstrap --variant=minbase --make-tarball="$tarball.partial" bookworm "$work/download" "$mirror" \
      >"$work/debootstrap.log" 2>&1; then
    rm -f "$tarball.partial"
    if grep -qiE "Failed getting release file|Temporary failure|Could not resolve|unable to connect" "$work/debootstrap.log"; then
      echo "SKIPPED: Debian's archive ($mirror) cannot be reached and no minbase tarball is cached" >&2
      exit 77
    fi
    cat "$work/debootstrap.log" >&2
    fail "debootstrap --make-tarball"
  fi
  mv "$tarball.partial" "$tarball"
fi
root="$work/root"
debootstrap --variant=minbase --unpack-tarball="$tarball" bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { cat "$work/debootstrap.log" >&2; fail "debootstrap from the cached tarball"; }
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/tmp/packages"
cp "$work/packages"/jiebang-{data,tools,aggregator}_*.deb "$root/tmp/packages/"

# Everything inside the root runs in a private mount namespace: its /proc mount vanishes with it.
cat >"$work/inside.sh" <<'INSIDE'
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
root="$1"
mount -t proc proc "$root/proc"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
in_root apt-get update -qq
in_root sh -c 'apt-get install -y -qq --no-install-recommends /tmp/packages/*.deb' >/dev/null ||
  fail "apt-get install of the local packages"
echo "installed: $(in_root dpkg-query -W -f='${Package} ${Version}; ' 'jiebang-*')"

# [SECTION] 3. what the packages promise
in_root getent passwd jiebang >/dev/null || fail "no system user jiebang"
[ "$(in_root stat -c '%a %U' /var/lib/jiebang/aggregator)" = "700 jiebang" ] || fail "state folder not 0700 jiebang"
[ -f "$root/etc/jiebang/aggregator.toml" ] || fail "no /etc/jiebang/aggregator.toml"
grep -qx /etc/jiebang/aggregator.toml "$root/var/lib/dpkg/info/jiebang-aggregator.conffiles" || fail "not a conffile"
[ -L "$root/etc/systemd/system/multi-user.target.wants/jiebang-aggregator.service" ] || fail "unit not enabled"
[ -d "$root/usr/share/jiebang/assets/forms" ] || fail "no assets in /usr/share/jiebang"
in_root jiebang --help >/dev/null || fail "jiebang --help"
# A free port for this run (the shipped 5570 may be taken on the host, whose network the root shares).
sed -i 's#^listen = .*#listen = "tcp://127.0.0.1:*"#' "$root/etc/jiebang/aggregator.toml"
exec_start="$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/jiebang-aggregator.service")"
[ -n "$exec_start" ] || fail "no ExecStart in the installed unit"
user="$(sed -n 's/^User=//p' "$root/lib/systemd/system/jiebang-aggregator.service")"
# chroot, env, setpriv and sh each exec the next: $! is the aggregator itself (not a subshell of a function).
chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  setpriv --reuid "$user" --regid "$user" --init-groups --inh-caps=-all sh -c "umask 0077; exec $exec_start" \
  >"$root/tmp/aggregator.log" 2>&1 &
daemon=$!
for _ in $(seq 1 300); do
  [ -s "$root/var/lib/jiebang/aggregator/listening.endpoint" ] && break
  kill -0 "$daemon" 2>/dev/null || { cat "$root/tmp/aggregator.log" >&2; fail "the aggregator exited at start"; }
  sleep 0.1
done
[ -s "$root/var/lib/jiebang/aggregator/listening.endpoint" ] || { cat "$root/tmp/aggregator.log" >&2; fail "never listened"; }
echo "aggregator: $(cat "$root/tmp/aggregator.log" | head -3 | tr '\n' ' ')"
[ "$(in_root stat -c '%a %U' /var/lib/jiebang/aggregator/curve.key)" = "600 jiebang" ] || fail "curve.key not 0600 jiebang"
[ -f "$root/var/lib/jiebang/aggregator/aggregator.sqlite" ] || fail "no store"
in_root jiebang terminal list --store /var/lib/jiebang/aggregator/aggregator.sqlite >/dev/null ||
  fail "jiebang terminal list on the installed aggregator's store"
kill -TERM "$daemon"
status=0; wait "$daemon" || status=$?
[ "$status" -eq 0 ] || { cat "$root/tmp/aggregator.log" >&2; fail "SIGTERM: exit $status, expected 0"; }

# [SECTION] 4. purge
in_root apt-get purge -y -qq jiebang-aggregator jiebang-tools jiebang-data >/dev/null || fail "apt-get purge"
! in_root getent passwd jiebang >/dev/null || fail "user jiebang left after purge"
[ ! -e "$root/var/lib/jiebang" ] || fail "/var/lib/jiebang left after purge"
[ ! -e "$root/etc/jiebang" ] || fail "/etc/jiebang left after purge"
[ ! -e "$root/usr/share/jiebang" ] || fail "/usr/share/jiebang left after purge"
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/jiebang-aggregator.service" ] || fail "unit still enabled"
umount "$root/proc"
echo "purge: clean"
INSIDE
unshare --mount --propagation private bash "$work/inside.sh" "$root"
echo "PASS: packages install into a fresh Debian 12 root, the aggregator runs there, purge is clean"
