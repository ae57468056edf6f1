#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every chart keeps its key off the data: each chart is rendered by gnuplot
# on its text terminal, and every title of the key must be printed outside
# every plot border (the data are drawn inside the borders only). A key
# placed inside a panel, as "set key top left" did, fails. Skips (77)
# without gnuplot or python3.
set -u

rtocalc=${RTOCALC:-./rtocalc}
data=${DATA_DIR:-$(dirname "$0")/../../data}
command -v gnuplot >/dev/null 2>&1 || { echo "no gnuplot: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
passed=0 failed=0

# keys_outside SCRIPT TEXT: every title of SCRIPT is found in TEXT, and
# none inside a border (a box drawn as +---+ rows and | columns).
keys_outside() {
    python3 - "$1" "$2" <<'PY'
import re, sys
script = open(sys.argv[1]).read()
text = open(sys.argv[2]).read().split("\n")
# The titles of the plot clauses (not "set title", the panel's heading).
titles = [m.group(2) for m in
          re.finditer(r"""(?<!set )title (['"])(.*?)\1""", script)]
if not titles:
    sys.exit("no key titles in the script")
# Borders: rows "+-----+" (tic marks may cut them) in the same columns,
# taken top to bottom in pairs: the top and bottom of one panel.
edges = {}
for y, line in enumerate(text):
    for m in re.finditer(r"\+[-+]{20,}\+", line):
        edges.setdefault((m.start(), m.end() - 1), []).append(y)
boxes = []
for (x0, x1), ys in edges.items():
    for y0, y1 in zip(ys[0::2], ys[1::2]):
        boxes.append((y0, y1, x0, x1))
if not boxes:
    sys.exit("no plot border found in the rendering")
bad = 0
for t in titles:
    where = [(y, line.find(t)) for y, line in enumerate(text) if t in line]
    if not where:
        print("key title not rendered: %r" % t)
        bad += 1
    for y, x in where:
        for (y0, y1, x0, x1) in boxes:
            if y0 <= y <= y1 and x0 <= x + len(t) - 1 and x <= x1:
                print("key title %r inside a plot at row %d" % (t, y))
                bad += 1
print("%d titles, %d borders" % (len(titles), len(boxes)))
sys.exit(1 if bad else 0)
PY
}

# chart NAME: render $dir/NAME.gp on the text terminal and check its key.
chart() {
    local name=$1
    if ! { echo "set terminal dumb size 220,100"; cat "$dir/$name.gp"; } \
        | gnuplot >"$dir/$name.txt" 2>"$dir/$name.err"; then
        echo "FAIL $name: gnuplot: $(cat "$dir/$name.err")"
        failed=$((failed + 1))
    elif keys_outside "$dir/$name.gp" "$dir/$name.txt" >"$dir/$name.out"; then
        echo "ok $name: $(tail -1 "$dir/$name.out")"
        passed=$((passed + 1))
    else
        echo "FAIL $name:"
        cat "$dir/$name.out"
        failed=$((failed + 1))
    fi
}

for kind in retrans budget keepalive syn; do
    "$rtocalc" plot "$kind" >"$dir/plot-$kind.gp" && chart "plot-$kind"
done
for json in "$data"/verify-*.json; do
    [[ -e $json ]] || continue
    "$rtocalc" plot verify --from "$json" >"$dir/plot-verify.gp" \
        && chart plot-verify
    break
done
# Every timeline's own chart, at defaults and where the shapes differ:
# a falling timer (user timeout), a log axis, a short linear one.
while read -r name args; do
    # shellcheck disable=SC2086 # args are words
    "$rtocalc" $args --format gnuplot >"$dir/$name.gp" && chart "$name"
done <<'CASES'
retrans retrans
retrans-ut retrans --user-timeout 5000
retrans-r3 retrans --retries2 3
keepalive keepalive
syn syn
synack synack
orphan orphan
fin-wait2 orphan --fin-wait2
probe0 probe0
CASES
echo "chart keys: $passed passed, $failed failed"
((failed == 0))
