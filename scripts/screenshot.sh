#!/usr/bin/env bash
# Regenerates assets/screenshot.png: the explorer on the bundled dataset
# with a search active, as a terminal shows it. Needs tmux, python3 and
# Debian's chromium:  apt-get install tmux chromium
#
#   scripts/screenshot.sh            # writes assets/screenshot.png
set -euo pipefail
cd "$(dirname "$0")/.."
cols=120 rows=34
out=assets/screenshot.png
work=$(mktemp -d)
trap 'tmux kill-session -t itx-shot 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release --quiet
tmux kill-session -t itx-shot 2>/dev/null || true
tmux new-session -d -s itx-shot -x "$cols" -y "$rows" \
    "TERM=xterm-256color ./target/release/itx --no-mouse; sleep 30"
sleep 1
# A search typed as a user would: the matched letters are highlighted.
tmux send-keys -t itx-shot "/"
for c in a p t 3 1; do tmux send-keys -t itx-shot "$c"; sleep 0.05; done
tmux send-keys -t itx-shot Enter
sleep 0.5
tmux send-keys -t itx-shot j j
sleep 0.5
tmux capture-pane -t itx-shot -e -p > "$work/screen.ansi"
tmux send-keys -t itx-shot q

python3 scripts/ansi2html.py < "$work/screen.ansi" > "$work/screen.html"

width=$((cols * 9 + 24)) height=$((rows * 19 + 24))
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars \
    --window-size="$width,$height" --screenshot="$PWD/$out" "file://$work/screen.html" 2>/dev/null
echo "wrote $out"
