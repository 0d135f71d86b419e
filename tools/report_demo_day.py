#!/usr/bin/env python3
"""Plays one simulated day of the demo hall through a real hallq-server (manual clock), then saves
the day's HTML report and a headless-Chromium screenshot of it (the README's picture).

  tools/report_demo_day.py --build BUILD_DIR [--out docs/img/report-daily.png] [--html FILE] [--seed N]

Citizens arrive all day (more in the morning), every window calls, starts and finishes tickets
(a few no-shows and incomplete materials, ratings for most), one post is covered by another A,
one is left empty past the grace period, and the supervisor decides the day's deductions."""
import argparse, json, os, random, re, shutil, signal, subprocess, sys, tempfile, time, urllib.request, urllib.error

ap = argparse.ArgumentParser()
ap.add_argument("--build", required=True)
ap.add_argument("--config", default=os.path.join(os.path.dirname(__file__), "..", "assets", "halls", "demo.json"))
ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "docs", "img", "report-daily.png"))
ap.add_argument("--html", default="")
ap.add_argument("--seed", type=int, default=20261123)
ap.add_argument("--tickets", type=int, default=620)
args = ap.parse_args()
rnd = random.Random(args.seed)
cfg = json.load(open(args.config))
tmp = tempfile.mkdtemp(prefix="hallq-demo-day-")
server = subprocess.Popen([os.path.join(args.build, "bin", "hallq-server"), "--config", args.config, "--db", os.path.join(tmp, "hall.db"),
                           "--listen", "127.0.0.1:0", "--clock", "manual", "--start", "2026-11-23T08:30:00"],
                          stdout=subprocess.PIPE, stderr=open(os.path.join(tmp, "server.log"), "w"), text=True)
line = server.stdout.readline()
port = int(re.search(r":(\d+)", line).group(1))
base = f"http://127.0.0.1:{port}"


def call(method, path, body=None, token=None, raw=False):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    if token: req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req) as r:
            data = r.read()
            return r.status, (data if raw else json.loads(data or b"null"))
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


pins = {s["id"]: s["pin"] for s in cfg["staff"]}
tokens = {}
def tok(s):
    if s not in tokens: tokens[s] = call("POST", "/api/login", {"staff_id": s, "pin": pins[s]})[1]["token"]
    return tokens[s]
kiosk = next(d["token"] for d in cfg["devices"] if d["role"] == "kiosk")
sup = next(s["id"] for s in cfg["staff"] if s["role"] == "supervisor")
def advance(sec): call("POST", "/api/admin/clock", {"advance_seconds": sec}, tok("admin"))

try:
    # 08:30: one A of each window signs in (nobody late, no window uncovered at 09:00).
    post, used = {}, set()
    for w in cfg["windows"]:
        s = next(a for a in w["a"] if a not in used)
        used.add(s)
        post[w["id"]] = s
        call("POST", f"/api/staff/{s}/sign-in", {"window": w["id"]}, tok(s))
    services = [s["id"] for s in cfg["services"]]
    weight = {sv: 1 + 3 * sum(sv in w["services"] for w in cfg["windows"]) for sv in services}
    # Arrival minutes: a morning peak around 10:00 and a smaller one after 14:30.
    minutes = [m for m in range(9 * 60, 12 * 60 - 10)] + [m for m in range(14 * 60, 17 * 60 - 10)]
    arrivals = {}
    for _ in range(args.tickets):
        m = int(rnd.choice([rnd.gauss(600, 55), rnd.gauss(890, 60)]))
        m = min(minutes, key=lambda x: abs(x - m))
        arrivals[m] = arrivals.get(m, 0) + 1
    busy = {}  # window → (phase, until, ticket)
    off = {}   # planned off-post episodes: minute → (window, minutes away, cover staff or None)
    off[10 * 60 + 20] = ("W04", 9, "s008")   # covered by the other A of the roster (R-AB-3)
    off[15 * 60 + 5] = ("W22", 16, None)     # its B is on post elsewhere (R-AB-6): W22 stands empty
    back = {}
    advance(30 * 60)
    now = 9 * 60
    while now < 17 * 60 + 20:
        if 12 * 60 <= now < 14 * 60:
            advance(60); now += 1; continue
        for _ in range(arrivals.get(now, 0)):
            sv = rnd.choices(services, [weight[s] for s in services])[0]
            call("POST", "/api/tickets", {"service": sv, "priority": "green" if rnd.random() < 0.05 else "normal"}, kiosk)
        if now in off:
            w, away, cover = off[now]
            s = post[w]
            if w in busy: off[now + 1] = off[now]
            else:
                call("POST", f"/api/staff/{s}/off-post", {"reason": "取材料", "destination": "档案室", "expected_minutes": away - 4}, tok(s))
                back[now + away] = (w, s, cover)
                if cover:
                    back[now + 2] = (w, None, cover)
        if now in back:
            w, s, cover = back.pop(now)
            if s is None:
                call("POST", f"/api/staff/{cover}/take-over", {"window": w}, tok(cover)); post[w] = cover
            else:
                if w in busy: back[now + 1] = (w, s, cover)
                else:
                    call("POST", f"/api/staff/{s}/return", None, tok(s)); post[w] = s
        for w in cfg["windows"]:
            wid, s = w["id"], post[w["id"]]
            phase = busy.get(wid)
            if phase is None:
                st, r = call("POST", f"/api/windows/{wid}/call-next", None, tok(s))
                if st == 200 and r and r.get("ticket"):
                    busy[wid] = ("called", now + 1, r["ticket"]["id"], 0)
            elif phase[1] <= now:
                kind, _, t, n = phase
                if kind == "called":
                    if n == 0 and rnd.random() < 0.06:  # the citizen does not come: recalled (R-Q-4) …
                        call("POST", f"/api/windows/{wid}/recall", None, tok(s)); busy[wid] = ("called", now + 1, t, 1)
                    elif n == 1 and rnd.random() < 0.6:  # … and after the recall is a no-show
                        call("POST", f"/api/windows/{wid}/no-show", None, tok(s)); busy.pop(wid)
                    else:
                        call("POST", f"/api/windows/{wid}/start", None, tok(s))
                        busy[wid] = ("serving", now + max(2, int(rnd.lognormvariate(2.1, 0.45))), t, 0)
                else:
                    incomplete = rnd.random() < 0.07
                    body = {"outcome": "incomplete_materials", "missing": ["身份证明原件"]} if incomplete else {"outcome": "done"}
                    call("POST", f"/api/windows/{wid}/finish", body, tok(s))
                    if rnd.random() < 0.7:
                        level = rnd.choices([5, 4, 3, 2, 1], [70, 20, 6, 3, 1])[0]
                        call("POST", f"/api/tickets/{t}/rating", {"level": level})
                    busy.pop(wid)
        advance(60); now += 1
    # The supervisor decides the day's proposed deductions and records one inspection finding.
    _, vs = call("GET", "/api/violations?status=proposed", None, tok(sup))
    for v in vs["violations"]:
        verdict = "dismiss" if v["kind"] == "schedule" else "confirm"
        call("POST", f"/api/violations/{v['id']}/{verdict}", {"note": "值班长复核"}, tok(sup))
    call("POST", "/api/violations", {"kind": "desk_messy", "staff": "s031", "note": "巡查发现桌面杂乱（提醒后未整改）"}, tok(sup))
    advance(40 * 60)
    st, html = call("GET", "/api/reports/daily?date=2026-11-23&format=html", None, tok(sup), raw=True)
    assert st == 200, st
    html_path = args.html or os.path.join(tmp, "daily.html")
    open(html_path, "wb").write(html)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={tmp}/chromium",
                    f"--screenshot={os.path.abspath(args.out)}", "--window-size=900,2400", "file://" + os.path.abspath(html_path)],
                   check=True, stderr=subprocess.DEVNULL)
    _, j = call("GET", "/api/reports/daily?date=2026-11-23", None, tok(sup))
    t = j["totals"]["tickets"]
    print(f"day played: {t['issued']} tickets, {t['finished']} finished, {len(j['violations'])} violations; "
          f"html {html_path}, screenshot {args.out}")
finally:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=20)
    if not args.html: shutil.rmtree(tmp, ignore_errors=True)
