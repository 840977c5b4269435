#!/usr/bin/env python3
"""Process start to first successful Encrypt of the local server, measured N times.

Usage: startup-probe.py [--runs N] [--cpus 0|0,1] [--load-seconds S --callers C] [-- extra ./kms-local args]
Creates one key in a seeded data directory (not timed), then for each run starts ./kms-local on a free
port, polls with a SigV4-signed Encrypt every 5 ms and prints process start -> first 200 in ms, plus
the server's CPU time (utime+stime from /proc) at that moment. With --load-seconds, the last run then
serves C callers of Encrypt 4 KB for S seconds and the server's RSS (VmRSS) is printed after them.
Python's callers reach a few hundred requests a second: enough to show memory, not a throughput figure.
Standard library only.
"""
import argparse, datetime, hashlib, hmac, json, os, signal, socket, statistics, subprocess, sys, tempfile, time
import urllib.request, urllib.error

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def sign(port, target, body):
    now = datetime.datetime.now(datetime.timezone.utc)
    amz, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    host = f"127.0.0.1:{port}"
    headers = {"content-type": "application/x-amz-json-1.1", "host": host, "x-amz-date": amz,
               "x-amz-target": target}
    signed = ";".join(sorted(headers))
    canonical = "\n".join(["POST", "/", "", "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)), signed,
                           hashlib.sha256(body).hexdigest()])
    scope = f"{day}/us-east-1/kms/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    k = b"AWS4test"
    for part in (day, "us-east-1", "kms", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = f"AWS4-HMAC-SHA256 Credential=test/{scope}, SignedHeaders={signed}, Signature={sig}"
    del headers["host"]
    return headers


def call(port, op, payload, timeout=2):
    body = json.dumps(payload).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=body, headers=sign(port, f"TrentService.{op}", body))
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read())


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def start(args, data, port):
    cmd = ["./kms-local", f"-Dquarkus.http.port={port}"] + args.extra
    if args.cpus:
        cmd = ["taskset", "-c", args.cpus] + cmd
    env = dict(os.environ, KMS_DATA_DIR=data)
    return subprocess.Popen(cmd, cwd=args.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def cpu_ms(pid):
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


def stop(p):
    os.killpg(p.pid, signal.SIGTERM)
    try:
        p.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL); p.wait()


def first_encrypt(p, port, key):
    t0 = time.monotonic()
    while time.monotonic() - t0 < 120:
        try:
            call(port, "Encrypt", {"KeyId": key, "Plaintext": "aGVsbG8="}, timeout=5)
            return (time.monotonic() - t0) * 1000
        except (urllib.error.URLError, ConnectionError, OSError):
            if p.poll() is not None:
                raise SystemExit("server exited")
            time.sleep(0.005)
    raise SystemExit("no Encrypt within 120 s")


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load(pid, port, key, args):
    import base64, threading
    plaintext = base64.b64encode(os.urandom(4096)).decode()
    end = time.monotonic() + args.load_seconds
    counts, errors = [0] * args.callers, [0] * args.callers

    def caller(i):
        while time.monotonic() < end:
            try:
                call(port, "Encrypt", {"KeyId": key, "Plaintext": plaintext}, timeout=30)
                counts[i] += 1
            except Exception:
                errors[i] += 1
    threads = [threading.Thread(target=caller, args=(i,)) for i in range(args.callers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"load: {sum(counts)} Encrypt 4 KB ({sum(errors)} failed) at {args.callers} callers in "
          f"{args.load_seconds} s; server RSS after it {rss_mib(pid):.0f} MiB", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cpus", default="")
    ap.add_argument("--root", default=ROOT, help="the checkout whose ./kms-local runs (to compare two)")
    ap.add_argument("--load-seconds", type=int, default=0)
    ap.add_argument("--callers", type=int, default=32)
    ap.add_argument("extra", nargs="*")
    args = ap.parse_args()
    data = tempfile.mkdtemp(prefix="kms-probe-")
    port = free_port()
    p = start(args, data, port)
    try:
        t0 = time.monotonic()
        while True:
            try:
                key = call(port, "CreateKey", {})["KeyMetadata"]["KeyId"]; break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() - t0 > 300 or p.poll() is not None:
                    raise SystemExit("server did not come up")
                time.sleep(0.05)
    finally:
        stop(p)
    times, cpus = [], []
    for _ in range(args.runs):
        port = free_port()
        p = start(args, data, port)
        try:
            times.append(first_encrypt(p, port, key))
            cpus.append(cpu_ms(p.pid))
            if args.load_seconds and len(times) == args.runs:
                load(p.pid, port, key, args)
        finally:
            stop(p)
        print(f"start -> first Encrypt {times[-1]:.0f} ms (kms-local process CPU {cpus[-1]:.0f} ms)", flush=True)
    print(f"median {statistics.median(times):.0f} ms over {len(times)} runs (cpus={args.cpus or 'all'}), "
          f"min {min(times):.0f}, max {max(times):.0f}")


if __name__ == "__main__":
    main()
