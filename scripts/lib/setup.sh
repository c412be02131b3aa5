# Shared set-up for scripts/demo and scripts/test. Sourced, not run.
#
# Idempotent: system packages are checked with dpkg and installed only when
# missing (and only as root; otherwise we print the apt-get line to run), and
# the virtual environment is rebuilt only when pyproject.toml or the Python
# version changed since the last install.

VENV="${KIOSK_VENV:-.venv}"

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# ensure_debian_packages PKG...: install what is missing, or say what to install.
ensure_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || {
    say "not a Debian/Ubuntu system: make sure these are installed: $*"
    return 0
  }
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    say "installing system packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed"
  else
    die "missing system packages; run: sudo apt-get install -y ${missing[*]}"
  fi
}

# The packages each command needs, beyond Python itself.
# Qt's own libraries come in the PySide6 wheels; these are the system ones they load.
QT_RUNTIME=(libegl1 libgl1 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3 libglib2.0-0
            libx11-6 fonts-dejavu-core)
# A real window on X11 (the xcb platform plug-in) needs these as well.
QT_X11=(libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
        libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0)
# Spoken guidance (pyttsx3 drives espeak-ng's library; the demo config turns it on).
SPEECH=(espeak-ng)
DEMO_PACKAGES=(python3-venv "${QT_RUNTIME[@]}" "${QT_X11[@]}" "${SPEECH[@]}")
TEST_PACKAGES=(python3-venv fiu-utils "${QT_RUNTIME[@]}" "${SPEECH[@]}")
# Issue 7: the spoken sample is checked for real audio with sox and for its phonemes with
# espeak-ng -x (those tests were skipped on a machine without them).
TEST_PACKAGES+=(sox)
# Stripe / pay on your phone (issue 5): zbarimg decodes the kiosk's QR codes in a test.
TEST_PACKAGES+=(zbar-tools)
# Issue 8: the ledger tests also run on a real PostgreSQL server (started by the tests in a
# temporary folder), and the day-close PDF is rendered to PNG with pdftoppm to look at it.
TEST_PACKAGES+=(postgresql poppler-utils)
# Deployment (issue 9): `systemd-analyze verify` checks the kiosk's unit, whose program is
# cage (it refuses a unit whose program is missing); systemd-creds seals a test secret.
TEST_PACKAGES+=(cage systemd)
# The bundle a test builds carries the X11 libraries of Qt's xcb plug-in, as
# scripts/build-bundle's does.
BUNDLE_PACKAGES=("${QT_RUNTIME[@]}" "${QT_X11[@]}")
TEST_PACKAGES+=("${QT_X11[@]}")

ensure_venv() {
  local extras="${1:-}" python stamp wanted
  python=$(find_python) || die "Python 3.11 or newer is required (apt-get install python3)"
  if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    ensure_debian_packages python3-venv
  fi
  wanted="$("$python" -c 'import sys; print(sys.version)')|$extras|$(sha256sum pyproject.toml | cut -c1-64)"
  stamp="$VENV/.clinicpay-stamp"
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    return 0
  fi
  say "setting up the Python environment in $VENV (first run takes a minute)"
  [ -x "$VENV/bin/python" ] || "$python" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >/dev/null
  local target="."
  [ -n "$extras" ] && target=".[$extras]"
  "$VENV/bin/python" -m pip install --quiet -e "$target" || die "pip install failed"
  printf '%s' "$wanted" > "$stamp"
}

# The .qm translations the kiosk loads, compiled from assets/i18n/*.ts (cheap when current).
ensure_translations() {
  "$VENV/bin/python" scripts/i18n.py --release || die "building translations failed"
}

# --- issue 4: the FHIR test peer (tests/pms/fhir_server) -----------------------------
# Medplum's FHIR engine from npm, pinned by package-lock.json, and Node 22 from npm as
# the node-linux-<arch> package (Medplum 5 needs Node >= 22; the system's Node may be
# older). Reinstalled only when the lock file changes.
FHIR_PEER_DIR="tests/pms/fhir_server"

ensure_fhir_test_peer() {
  command -v npm >/dev/null 2>&1 || ensure_debian_packages npm
  local stamp="$FHIR_PEER_DIR/node_modules/.clinicpay-stamp" wanted
  wanted="$(sha256sum "$FHIR_PEER_DIR/package-lock.json" | cut -c1-64)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] \
      && "$FHIR_PEER_DIR/node_modules/.bin/node" --version >/dev/null 2>&1; then
    return 0
  fi
  say "installing the FHIR test server's npm packages (Medplum, Node 22)"
  (cd "$FHIR_PEER_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || die "npm ci in $FHIR_PEER_DIR failed"
  "$FHIR_PEER_DIR/node_modules/.bin/node" --version >/dev/null 2>&1 \
    || die "no usable Node 22 in $FHIR_PEER_DIR/node_modules/.bin (unsupported platform?)"
  printf '%s' "$wanted" > "$stamp"
}
