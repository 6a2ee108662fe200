#!/usr/bin/env python3
"""Benchmark of the acceptance suite: runs the whole suite N times and writes artifacts/benchmark.json.

    python3 scripts/benchmark.py --runs 3                 # the full suite, 3 times
    python3 scripts/benchmark.py --runs 5 --filter Category=smoke --markdown docs/benchmark.md

Builds once (not timed), then runs `dotnet test bin/<Configuration>/net10.0/Acceptance.dll` N times, one after
another, each with a deadline (killed with its process group past it). Per run it keeps the TRX file, the
Cucumber messages (ndjson) and the console output under artifacts/benchmark/. It reports: wall time
min/median/max, scenarios per second, the reference platform's start time and the pre-flight's time (both printed
by the suite), per-scenario median durations by tag, and the flaky results (a scenario that passed in one run and
failed in another). Not a timed test: it measures, it does not judge.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRX_NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def run(command, deadline, env=None, log=None):
    """Runs a command in its own process group; past the deadline the whole group is killed."""
    started = time.monotonic()
    with open(log or os.devnull, "w") as out:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            code = child.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            raise SystemExit(f"`{' '.join(command)}` did not finish within {deadline} s and was killed (log: {log}).")
    return code, time.monotonic() - started


def trx_results(path):
    root = ET.parse(path).getroot()
    results = {}
    for result in root.iter(f"{{{TRX_NS['t']}}}UnitTestResult"):
        results[result.get("testName")] = result.get("outcome")
    return results


def pickle_durations(path):
    """(tags, seconds) per scenario case, from the Cucumber messages: testCaseStarted → testCaseFinished."""
    pickles, cases, started, durations = {}, {}, {}, []
    stamp = lambda t: t["seconds"] + t["nanos"] / 1e9
    with open(path) as messages:
        for line in messages:
            message = json.loads(line)
            if "pickle" in message:
                pickles[message["pickle"]["id"]] = [tag["name"] for tag in message["pickle"].get("tags", [])]
            elif "testCase" in message:
                cases[message["testCase"]["id"]] = message["testCase"]["pickleId"]
            elif "testCaseStarted" in message:
                item = message["testCaseStarted"]
                started[item["id"]] = (item["testCaseId"], stamp(item["timestamp"]))
            elif "testCaseFinished" in message:
                item = message["testCaseFinished"]
                case_id, begun = started[item["testCaseStartedId"]]
                durations.append((pickles.get(cases.get(case_id), []), stamp(item["timestamp"]) - begun))
    return durations


def spread(values):
    return {"min": round(min(values), 3), "median": round(statistics.median(values), 3), "max": round(max(values), 3),
            "each": [round(v, 3) for v in values]} if values else None


def machine():
    memory_kb = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal:")), 0)
    os_name = platform.platform()
    if os.path.exists("/etc/os-release"):
        release = dict(line.rstrip().split("=", 1) for line in open("/etc/os-release") if "=" in line)
        os_name = release.get("PRETTY_NAME", os_name).strip('"') + f" (kernel {platform.release()})"
    return {"nproc": os.cpu_count(), "memory_gib": round(memory_kb / 1024 / 1024, 1), "os": os_name,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def markdown(report):
    wall, per_second = report["wall_seconds"], report["scenarios_per_second"]
    platform_start, preflight = report["platform_start_seconds"], report["preflight_seconds"]
    m = report["machine"]
    fmt = lambda s: "n/a" if not s else f"{s['min']:.2f} / {s['median']:.2f} / {s['max']:.2f}"
    lines = [
        "## Benchmark",
        "",
        f"Measured {report['date']} on {m['nproc']} cores, {m['memory_gib']} GiB, {m['os']} "
        f"(load average at start {', '.join(map(str, m['load_average_at_start']))}); "
        f"{report['runs']} runs of `{report['command']}` ({report['scenarios_per_run']} scenarios each), "
        f"Debug build, the reference platform started by the suite.",
        "",
        "| figure | min / median / max |",
        "|---|---|",
        f"| wall time of a run (s) | {fmt(wall)} |",
        f"| scenarios per second | {fmt(per_second)} |",
        f"| reference platform start (s) | {fmt(platform_start)} |",
        f"| pre-flight (s) | {fmt(preflight)} |",
        f"| failed results / flaky scenarios | {report['failed_results']} / {report['flaky']['count']} |",
        "",
        "| tag | scenario cases per run | median scenario duration (s) |",
        "|---|---|---|",
    ]
    for tag, figures in sorted(report["per_tag_median_seconds"].items()):
        lines.append(f"| `{tag}` | {figures['cases_per_run']} | {figures['median']:.3f} |")
    lines += ["", f"Command: `python3 scripts/benchmark.py --runs {report['runs']}`; raw figures in `artifacts/benchmark.json`."]
    if report["flaky"]["scenarios"]:
        lines += ["", "Flaky: " + "; ".join(report["flaky"]["scenarios"])]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--filter", default=None, help="a dotnet test --filter expression (default: the whole suite)")
    parser.add_argument("--configuration", default="Debug")
    parser.add_argument("--deadline", type=int, default=600, help="seconds one run may take before it is killed")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--markdown", default=None, help="also write the figures as a Markdown section to this file")
    args = parser.parse_args()

    folder = os.path.join(ROOT, "artifacts", "benchmark")
    os.makedirs(folder, exist_ok=True)
    for old in glob.glob(os.path.join(folder, "run-*")):
        os.remove(old)
    if not args.no_build:
        print("Building the suite (not timed)…", flush=True)
        code, _ = run(["dotnet", "build", "Acceptance.csproj", "-c", args.configuration, "--nologo", "-v", "q"], 900,
                      log=os.path.join(folder, "build.log"))
        if code != 0:
            raise SystemExit(f"The build failed: see {folder}/build.log")

    assembly = os.path.join("bin", args.configuration, "net10.0", "Acceptance.dll")
    command = ["dotnet", "test", assembly] + (["--filter", args.filter] if args.filter else [])
    info = {"machine": machine(), "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    walls, starts, preflights, counts, outcomes, durations, failed_results = [], [], [], [], {}, [], 0
    for number in range(1, args.runs + 1):
        trx = os.path.join(folder, f"run-{number}.trx")
        ndjson = os.path.join(folder, f"run-{number}.ndjson")
        log = os.path.join(folder, f"run-{number}.log")
        env = {k: v for k, v in os.environ.items() if not k.startswith("REQNROLL_FORMATTERS_")}
        env["REQNROLL_FORMATTERS_MESSAGE"] = "outputFilePath=" + ndjson
        env["REQNROLL_FORMATTERS_HTML"] = "outputFilePath=" + os.path.join(folder, f"run-{number}.html")
        env["ACCEPTANCE_LIVINGDOC"] = "off"  # reads the default report path and keeps history: not part of a benchmark run
        env["DOTNET_NOLOGO"] = "1"
        full = command + ["--logger", f"trx;LogFileName={trx}", "--logger", "console;verbosity=normal", "--results-directory", folder]
        code, wall = run(full, args.deadline, env=env, log=log)
        if not os.path.exists(trx):
            raise SystemExit(f"Run {number} left no TRX file (exit code {code}): see {log}")
        results = trx_results(trx)
        output = open(log, errors="replace").read()
        start = re.search(r"Platform: started the reference platform in (\d+\.\d+) s", output)
        preflight = re.search(r"Pre-flight passed in (\d+\.\d+) s", output)
        walls.append(wall)
        counts.append(len(results))
        if start:
            starts.append(float(start.group(1)))
        if preflight:
            preflights.append(float(preflight.group(1)))
        for name, outcome in results.items():
            outcomes.setdefault(name, []).append(outcome)
        failed_results += sum(1 for outcome in results.values() if outcome != "Passed")
        durations += pickle_durations(ndjson) if os.path.exists(ndjson) else []
        print(f"run {number}/{args.runs}: {wall:.1f} s, {len(results)} scenarios, "
              f"{sum(1 for o in results.values() if o == 'Passed')} passed, exit code {code}", flush=True)

    by_tag = {}
    for tags, seconds in durations:
        for tag in tags or ["(untagged)"]:
            by_tag.setdefault(tag, []).append(seconds)
    flaky = sorted(name for name, seen in outcomes.items() if len(set(seen)) > 1)
    report = {
        **info,
        "runs": args.runs,
        "command": " ".join(command),
        "scenarios_per_run": max(counts),
        "wall_seconds": spread(walls),
        "scenarios_per_second": spread([c / w for c, w in zip(counts, walls)]),
        "platform_start_seconds": spread(starts),
        "preflight_seconds": spread(preflights),
        "per_tag_median_seconds": {tag: {"median": round(statistics.median(v), 3), "cases_per_run": len(v) // args.runs}
                                   for tag, v in sorted(by_tag.items())},
        "failed_results": failed_results,
        "flaky": {"count": len(flaky), "scenarios": flaky},
    }
    with open(os.path.join(ROOT, "artifacts", "benchmark.json"), "w") as out:
        json.dump(report, out, indent=2)
    text = markdown(report)
    print(text)
    if args.markdown:
        with open(os.path.join(ROOT, args.markdown) if not os.path.isabs(args.markdown) else args.markdown, "w") as out:
            out.write(text)
    print(f"Wrote {os.path.join(ROOT, 'artifacts', 'benchmark.json')}")


if __name__ == "__main__":
    sys.exit(main())
