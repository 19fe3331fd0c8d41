#!/usr/bin/env sh
# Set up the web office example and its browser test on Debian (as root, or with sudo):
# Graphviz draws the network picture, Debian's Chromium (/usr/bin/chromium) runs the test
# through Playwright (no browser download by Playwright itself).
set -eu
cd "$(dirname "$0")/../.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y --no-install-recommends graphviz chromium
python3 -m pip install -r examples/web_office/requirements.txt "playwright>=1.45" pytest
echo "Set up. Make an account: python3 examples/web_office/app.py add-user NAME --role admin"
echo "Run the app:             python3 examples/web_office/app.py"
echo "Run its test:            HALT_REQUIRE_BROWSER=1 python3 -m pytest tests/examples/test_web_office*.py"
