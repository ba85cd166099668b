#!/usr/bin/env python3
"""seed-corpus.py — (re)make the seed corpus of tests/fuzz/corpus/ from real
sessions: every bundled scenario is run headless (./mailpath run NAME
--format json, several faults) and each SMTP and POP3 session of its trace
becomes a seed of the matching target; the scenario files themselves seed
the scenario target. Run from the top of the tree after `make`."""
import glob, hashlib, json, os, subprocess, sys

OUT = "tests/fuzz/corpus"
FAULTS = [None, "greylist", "bad-password", "unknown-recipient", "maildrop-locked", "link-drop"]

def put(target, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def sessions(events):
    by = {}
    for e in events:
        if e.get("session") and e["proto"] in ("SMTP", "POP3"):
            by.setdefault((e["proto"], e["session"]), []).append(e)
    return by.values()

def main():
    names = subprocess.run(["./mailpath", "list"], capture_output=True, text=True, check=True).stdout.split("\n")
    for name in [n.split()[0] for n in names if n.strip()]:
        for fault in FAULTS:
            cmd = ["./mailpath", "run", name, "--format", "json"] + (["--fault", fault] if fault else [])
            out = subprocess.run(cmd, capture_output=True, text=True).stdout
            events = [json.loads(l) for l in out.splitlines() if l.strip()]
            for evs in sessions(events):
                proto, hop = evs[0]["proto"], evs[0]["hop"]
                client = b"".join(e["text"].encode() + b"\r\n" for e in evs if e["kind"] in ("cmd", "data"))
                if proto == "POP3":
                    put("pop3_server", client)
                    continue
                # hop 3: the corporate host (selector byte 0x1F: flag, all at once)
                put("smtp_server", (b"\x1f" if hop == "3" else b"") + client)
                put("smtp_reply", b"".join(e["text"].encode() + b"\r\n" for e in evs if e["kind"] == "reply"))
                body = [e["text"] for e in evs if e["kind"] == "data" and e["explain"] != "smtp:dot"]
                if body:
                    put("message", b"".join((l[1:] if l.startswith(".") else l).encode() + b"\r\n" for l in body))
    for scn in glob.glob("scenarios/*.scn"):
        with open(scn, "rb") as f:
            put("scenario", f.read())

if __name__ == "__main__":
    sys.exit(main())
