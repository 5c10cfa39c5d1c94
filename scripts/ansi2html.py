#!/usr/bin/env python3
"""Terminal text with SGR escapes (as `tmux capture-pane -e` prints it) to an
HTML page that looks like the terminal: colours from the xterm 256-colour
palette, bold, underline and reverse video as a terminal draws them."""
import html
import re
import sys

BASE16 = ["#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
          "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff"]


def color(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


FG, BG = "#e5e5e5", "#000000"


def main():
    text = sys.stdin.read()
    state = {"fg": None, "bg": None, "bold": False, "under": False, "rev": False}
    out = []
    for part in re.split(r"(\x1b\[[0-9;]*m)", text):
        m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if m:
            codes = [int(c) if c else 0 for c in m.group(1).split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    state = {"fg": None, "bg": None, "bold": False, "under": False, "rev": False}
                elif c == 1:
                    state["bold"] = True
                elif c == 4:
                    state["under"] = True
                elif c == 7:
                    state["rev"] = True
                elif c == 22:
                    state["bold"] = False
                elif c == 24:
                    state["under"] = False
                elif c == 27:
                    state["rev"] = False
                elif 30 <= c <= 37:
                    state["fg"] = BASE16[c - 30]
                elif 90 <= c <= 97:
                    state["fg"] = BASE16[c - 90 + 8]
                elif 40 <= c <= 47:
                    state["bg"] = BASE16[c - 40]
                elif 100 <= c <= 107:
                    state["bg"] = BASE16[c - 100 + 8]
                elif c == 39:
                    state["fg"] = None
                elif c == 49:
                    state["bg"] = None
                elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                    state["fg" if c == 38 else "bg"] = color(codes[i + 2])
                    i += 2
                i += 1
            continue
        if not part:
            continue
        fg, bg = state["fg"] or FG, state["bg"] or BG
        if state["rev"]:
            fg, bg = bg, fg
        style = "color:%s;background:%s" % (fg, bg)
        if state["bold"]:
            style += ";font-weight:bold"
        if state["under"]:
            style += ";text-decoration:underline"
        out.append('<span style="%s">%s</span>' % (style, html.escape(part)))
    print("<!doctype html><meta charset=utf-8><title>itx</title>"
          "<style>body{margin:0;padding:12px;background:%s}"
          "pre{margin:0;font:15px/1.25 'DejaVu Sans Mono',monospace}</style><pre>%s</pre>" % (BG, "".join(out)))


main()
