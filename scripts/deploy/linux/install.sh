#!/bin/bash
# Install, update or roll back ClinicPay Kiosk from an unpacked bundle (Debian 12 or newer).
#
#   sudo ./deploy/linux/install.sh               install or update; enable the kiosk at boot
#   sudo ./deploy/linux/install.sh --rollback    switch back to the version installed before
#   ./deploy/linux/install.sh --root DIR --no-system
#                                          only lay the files out under DIR (images, tests)
#
# Options: --no-apt (do not install Debian packages), --no-enable (do not enable the unit).
# Each version lives in /opt/clinicpay-kiosk-VERSION; /opt/clinicpay-kiosk points at the
# current one and /opt/clinicpay-kiosk.previous at the one before, so a rollback is a
# symlink switch. The ledger is never touched here: the kiosk backs it up before migrating
# (docs/deploy.md, "Update" and "Roll back").
#
# The file layout (--root) is tested; the system part (user, apt, systemctl) is UNTESTED
# here: CI has no systemd as PID 1.
set -euo pipefail

ROOT=""
SYSTEM=1
APT=1
ENABLE=1
ROLLBACK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="${2%/}"; shift 2 ;;
    --no-system) SYSTEM=0; shift ;;
    --no-apt) APT=0; shift ;;
    --no-enable) ENABLE=0; shift ;;
    --rollback) ROLLBACK=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

if [ "$SYSTEM" = 1 ] && [ "$(id -u)" -ne 0 ]; then
  die "run as root (sudo $0), or use --root DIR --no-system to stage the files"
fi

OPT="$ROOT/opt"
CURRENT="$OPT/clinicpay-kiosk"
PREVIOUS="$OPT/clinicpay-kiosk.previous"
UNITS="$ROOT/etc/systemd/system"

switch_link() {  # switch_link TARGET LINK: atomically point LINK at TARGET
  ln -sfn "$1" "$2.new"
  mv -Tf "$2.new" "$2"
}

restart_if_running() {
  if [ "$SYSTEM" = 1 ] && systemctl is-active --quiet clinicpay-kiosk.service; then
    say "restarting the kiosk"
    systemctl restart clinicpay-kiosk.service
  fi
}

if [ "$ROLLBACK" = 1 ]; then
  [ -L "$PREVIOUS" ] || die "no previous version to roll back to ($PREVIOUS is missing)"
  before=$(readlink "$CURRENT")
  after=$(readlink "$PREVIOUS")
  switch_link "$after" "$CURRENT"
  switch_link "$before" "$PREVIOUS"
  say "rolled back: $before -> $after"
  say "if the newer version migrated the ledger, read docs/deploy.md (\"Roll back\") first"
  restart_if_running
  exit 0
fi

BUNDLE=$(cd "$(dirname "$0")/../.." && pwd)
[ -x "$BUNDLE/kiosk" ] || die "$BUNDLE/kiosk not found: run this from an unpacked bundle"
VERSION=$("$BUNDLE/kiosk" --version | awk '{print $NF}')
case "$VERSION" in ''|*[!0-9A-Za-z.+_-]*) die "cannot read the bundle's version" ;; esac
TARGET_NAME="clinicpay-kiosk-$VERSION"

if [ "$SYSTEM" = 1 ] && [ "$APT" = 1 ] && command -v apt-get >/dev/null; then
  say "installing the Debian packages the kiosk needs"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    cage xwayland libegl1 libgl1 libwayland-client0 libwayland-cursor0 libxkbcommon0 \
    fonts-dejavu-core espeak-ng libespeak-ng1 >/dev/null
fi

if [ "$SYSTEM" = 1 ] && ! id clinicpay >/dev/null 2>&1; then
  say "creating the system user clinicpay (cage refuses to run as root)"
  useradd --system --user-group --home-dir /var/lib/clinicpay-kiosk --no-create-home \
    --shell /usr/sbin/nologin clinicpay
fi
if [ "$SYSTEM" = 1 ]; then
  for group in dialout lp audio video render input; do
    getent group "$group" >/dev/null && usermod -aG "$group" clinicpay
  done
fi

say "installing $TARGET_NAME into $OPT"
mkdir -p "$OPT"
if [ "$(readlink "$CURRENT" 2>/dev/null || true)" = "$TARGET_NAME" ]; then
  say "$TARGET_NAME is the current version: replacing its files"
fi
rm -rf "$OPT/$TARGET_NAME.tmp"
cp -a "$BUNDLE" "$OPT/$TARGET_NAME.tmp"
rm -rf "$OPT/$TARGET_NAME"
mv "$OPT/$TARGET_NAME.tmp" "$OPT/$TARGET_NAME"
old=$(readlink "$CURRENT" 2>/dev/null || true)
if [ -n "$old" ] && [ "$old" != "$TARGET_NAME" ]; then
  switch_link "$old" "$PREVIOUS"
fi
switch_link "$TARGET_NAME" "$CURRENT"

say "installing the systemd units, kiosk-admin and the kiosk command"
install -d "$UNITS" "$ROOT/usr/local/sbin" "$ROOT/usr/local/bin"
for unit in clinicpay-kiosk.service clinicpay-reminders.service clinicpay-reminders.timer; do
  install -m 644 "$BUNDLE/deploy/linux/$unit" "$UNITS/$unit"
done
install -m 755 "$BUNDLE/deploy/linux/kiosk-admin" "$ROOT/usr/local/sbin/kiosk-admin"
ln -sfn /opt/clinicpay-kiosk/kiosk "$ROOT/usr/local/bin/kiosk"
# The site config folder: its existence tells the kiosk this machine is for production
# (it will not fall back to the demo config); IT puts kiosk.toml in it.
install -d -m 755 "$ROOT/etc/xdg/clinicpay-kiosk"
install -d -m 700 "$ROOT/etc/credstore.encrypted"

if [ "$SYSTEM" = 1 ]; then
  systemctl daemon-reload
  if [ "$ENABLE" = 1 ]; then
    systemctl set-default graphical.target >/dev/null
    systemctl enable clinicpay-kiosk.service
  fi
  restart_if_running
fi

cat <<EOF
installed $TARGET_NAME.
Next (docs/deploy.md):
  1. put the site config in /etc/xdg/clinicpay-kiosk/kiosk.toml (from $CURRENT/_internal/config/)
  2. seal the secrets: sudo kiosk secrets set audit_key --systemd-creds  (and data_key, ...)
  3. check: sudo kiosk-admin doctor
  4. start: sudo systemctl start clinicpay-kiosk   (it also starts at every boot)
EOF
