"""Shared pieces of the benchmark scripts in bench/: building, starting servers, running wrk.

Not a test and not part of the server. Imported by bench/run, bench/search-latency,
bench/ingredient-latency, bench/community-latency, bench/photos, bench/shared-limits,
bench/galera, bench/instances, bench/read-cache, bench/instructions, bench/against-original and
bench/typed-words.
"""
import math
import os
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# RECIPE_API_BENCH_BINARY measures another build (e.g. an older commit's, for a before/after).
BINARY = os.environ.get("RECIPE_API_BENCH_BINARY") or os.path.join(ROOT, "target", "release",
                                                                   "recipe-api")
REFERENCE_DIR = os.path.join(ROOT, "bench", "reference-server")
REFERENCE = os.path.join(REFERENCE_DIR, "target", "release", "reference-server")
SERVER_ENV = {
    "JWT_SECRET_KEY": "bench-signing-key-0123456789abcdef0123",
    "RUST_LOG": "warn",
    # The rate limits would answer 429 to a load generator on one address and one account.
    "RATE_LIMIT_PER_MINUTE": "1000000000",
    "AUTH_RATE_LIMIT_PER_MINUTE": "1000000000",
    "LOGIN_ATTEMPTS_PER_ACCOUNT": "1000000000",
}


def sh(*args, **kwargs):
    """Runs a command and returns its standard output; fails on a non-zero exit."""
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs).stdout


def ensure_tools(reference=False):
    """Installs wrk if missing and builds the release server (unless RECIPE_API_BENCH_BINARY
    names one) and the reference server."""
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    if not os.environ.get("RECIPE_API_BENCH_BINARY"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if reference:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REFERENCE_DIR, check=True)


def wait_for(url, attempts=500, pause=0.002):
    """Polls `url` until it answers 200; returns the seconds waited. Fails after `attempts`."""
    start = time.monotonic()
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.monotonic() - start
        except OSError:
            pass
        time.sleep(pause)
    raise SystemExit(f"{url} did not answer 200")


def start_server(url, work, port, extra_env=None):
    """Starts the release server on `url`; returns (process, seconds from spawn to /readyz 200)."""
    env = dict(os.environ, **SERVER_ENV, **(extra_env or {}))
    started = time.monotonic()
    server = subprocess.Popen([BINARY, "--listen", f"127.0.0.1:{port}", "--database-url", url,
                               "--data-dir", os.path.join(work, "data")], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/readyz", attempts=20_000, pause=0.001)
    return server, time.monotonic() - started


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wrk(port, path, seconds, connections=1, threads=None, script=None, timeout="30s",
        headers=()):
    """Runs wrk against `path` (with `headers`, "Name: value" strings); returns {rps, p50, p99
    (ms), requests}. Fails on any non-2xx."""
    url = f"http://127.0.0.1:{port}" + urllib.parse.quote(path, safe="/?=&%")
    threads = threads or min(connections, 2)
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", timeout,
            "--latency"]
    if script:
        args += ["-s", script]
    for header in headers:
        args += ["-H", header]
    out = sh(*args, url)
    if "Non-2xx" in out:
        raise SystemExit(f"non-2xx answers for {path}:\n{out}")

    def percentile(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    transfer = re.search(r"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": percentile("50"),
        "p99": percentile("99"),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        # wrk's units are binary: this is MiB/s.
        "transfer_mib": float(transfer.group(1)) / {"B": 1 << 20, "KB": 1 << 10, "MB": 1,
                                                    "GB": 1 / 1024}[transfer.group(2)],
    }


def reset_peak_memory(pid):
    """Resets the process's peak resident set (`VmHWM`) to its current one."""
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def peak_memory_mib(pid):
    """The process's peak resident set (`VmHWM`) since the last reset, in MiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise SystemExit("no VmHWM")


def nearest_rank(values, fraction):
    """The nearest-rank percentile of `values` (`fraction` in 0..1, 0.5 for the median)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(len(ordered) * fraction) - 1))]


def prefixes(text):
    """Every prefix of `text`, letter by letter, without a trailing space."""
    return [text[:n] for n in range(1, len(text) + 1) if not text[:n].endswith(" ")]
