#!/usr/bin/env python3
"""Benchmark of the acceptance suite: runs the whole suite N times and writes artifacts/benchmark.json.

    python3 scripts/benchmark.py --runs 3                 # the full suite, 3 times
    python3 scripts/benchmark.py --runs 5 --filter Category=smoke --markdown docs/benchmark.md
    python3 scripts/benchmark.py --load                   # the load journey at N = 50, 100, 200, 500
    python3 scripts/benchmark.py --load --users 50,100 --markdown artifacts/load.md

Builds once (not timed), then runs `dotnet test bin/<Configuration>/net10.0/Acceptance.dll` N times, one after
another, each with a deadline (killed with its process group past it). Per run it keeps the TRX file, the
Cucumber messages (ndjson) and the console output under artifacts/benchmark/. It reports: wall time
min/median/max, scenarios per second, the reference platform's start time and the pre-flight's time (both printed
by the suite), per-scenario median durations by tag, the sum of scenario times against the wall time (how much
the run overlaps), and the flaky results (a scenario that passed in one run and failed in another).

With --load it runs the load journey's first scenario (Features/Load, "Everyone who asks at the same moment gets
their own answer") once per crowd size N, against the reference platform the suite starts, and writes
artifacts/benchmark-load.json: per N the errors, the p50/p95/p99 of first-event latency and completion time (from
the scenario's load-latency.json evidence), and the platform's CPU seconds, average CPU and peak memory (sampled
from /proc every 100 ms), and how each grows with N. Not a timed test: it measures, it does not judge.
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


def run_window(path):
    """(first testCaseStarted, last testCaseFinished) in seconds: the span in which scenarios ran."""
    stamps_started, stamps_finished = [], []
    stamp = lambda t: t["seconds"] + t["nanos"] / 1e9
    with open(path) as messages:
        for line in messages:
            message = json.loads(line)
            if "testCaseStarted" in message:
                stamps_started.append(stamp(message["testCaseStarted"]["timestamp"]))
            elif "testCaseFinished" in message:
                stamps_finished.append(stamp(message["testCaseFinished"]["timestamp"]))
    return (min(stamps_started), max(stamps_finished)) if stamps_started and stamps_finished else None


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
        f"| first scenario start to last scenario end (s) | {fmt(report.get('scenario_span_seconds'))} |",
        f"| sum of scenario times (s) | {fmt(report.get('sum_of_scenario_seconds'))} |",
        f"| sum of scenario times / wall time | {fmt(report.get('sum_over_wall'))} |",
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
    parser.add_argument("--load", action="store_true", help="run the load journey at several crowd sizes instead of the suite")
    parser.add_argument("--users", default="50,100,200,500", help="with --load: the crowd sizes, comma-separated")
    args = parser.parse_args()
    if args.load:
        return load_benchmark(args)

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
    scenario_sums, scenario_spans = [], []
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
        these = pickle_durations(ndjson) if os.path.exists(ndjson) else []
        durations += these
        window = run_window(ndjson) if os.path.exists(ndjson) else None
        if these and window:
            scenario_sums.append(sum(seconds for _, seconds in these))
            scenario_spans.append(window[1] - window[0])
        print(f"run {number}/{args.runs}: {wall:.1f} s, {len(results)} scenarios, "
              f"sum of scenario times {scenario_sums[-1] if scenario_sums else 0:.1f} s over {scenario_spans[-1] if scenario_spans else 0:.1f} s of scenarios, "
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
        "scenario_span_seconds": spread(scenario_spans),
        "sum_of_scenario_seconds": spread(scenario_sums),
        "sum_over_wall": spread([total / wall for total, wall in zip(scenario_sums, walls)]),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
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


def platform_pids(root_pid):
    """The reference platform's processes under a process tree (their command line names its assembly)."""
    children, found = {}, []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    todo = [root_pid]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            todo.append(child)
            try:
                arguments = open(f"/proc/{child}/cmdline", "rb").read().split(b"\0")
                if os.path.basename(arguments[0]) == b"dotnet" and any(a.endswith(b"Acceptance.ReferencePlatform.dll") for a in arguments):
                    found.append(child)
            except OSError:
                pass
    return found


def cpu_and_memory(pid):
    """(CPU seconds so far, resident memory in MiB) of one process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        cpu = (int(fields[11]) + int(fields[12])) / ticks
        rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
        return cpu, rss
    except (OSError, IndexError, ValueError):
        return None


def run_sampling(command, deadline, env, log):
    """Runs the command like run(), sampling the reference platform's CPU and memory every 100 ms."""
    started = time.monotonic()
    samples = {}
    with open(log, "w") as out:
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        while child.poll() is None:
            if time.monotonic() - started > deadline:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
                raise SystemExit(f"`{' '.join(command)}` did not finish within {deadline} s and was killed (log: {log}).")
            for pid in platform_pids(child.pid):
                figures = cpu_and_memory(pid)
                if figures:
                    first = samples.setdefault(pid, {"first_cpu": figures[0], "first_at": time.monotonic(), "peak_rss": 0})
                    first["last_cpu"], first["last_at"] = figures[0], time.monotonic()
                    first["peak_rss"] = max(first["peak_rss"], figures[1])
            time.sleep(0.1)
    wall = time.monotonic() - started
    cpu = sum(s["last_cpu"] - s["first_cpu"] for s in samples.values())
    alive = sum(s["last_at"] - s["first_at"] for s in samples.values())
    peak = max((s["peak_rss"] for s in samples.values()), default=0)
    return child.returncode, wall, {"cpu_seconds": round(cpu, 2), "average_cpu_percent": round(100 * cpu / alive, 1) if alive else None,
                                    "peak_memory_mib": round(peak, 1)}


def load_benchmark(args):
    sizes = [int(n) for n in args.users.split(",") if n.strip()]
    folder = os.path.join(ROOT, "artifacts", "benchmark-load")
    os.makedirs(folder, exist_ok=True)
    if not args.no_build:
        print("Building the suite and the reference platform (not timed)…", flush=True)
        for project in ("Acceptance.csproj", "src/ReferencePlatform"):
            code, _ = run(["dotnet", "build", project, "-c", args.configuration, "--nologo", "-v", "q"], 900,
                          log=os.path.join(folder, "build.log"))
            if code != 0:
                raise SystemExit(f"The build of {project} failed: see {folder}/build.log")
    assembly = os.path.join("bin", args.configuration, "net10.0", "Acceptance.dll")
    # The first scenario of Features/Load (tagged @critical): a crowd asks at once.
    command = ["dotnet", "test", assembly, "--filter", "Category=load&Category=critical"]
    rows = []
    for users in sizes:
        log = os.path.join(folder, f"n-{users}.log")
        env = {k: v for k, v in os.environ.items() if not k.startswith("REQNROLL_FORMATTERS_")}
        env.update({
            "ACCEPTANCE_LIVINGDOC": "off", "DOTNET_NOLOGO": "1",
            "ACCEPTANCE_Load__Users": str(users), "ACCEPTANCE_Load__MaxUsers": str(users + 1),
            "ACCEPTANCE_Pool__SeedCount": str(2 * users + 20),
            "REQNROLL_RUNNER_SCENARIO_TIMEOUT": "600",
            "REQNROLL_FORMATTERS_MESSAGE": "outputFilePath=" + os.path.join(folder, f"n-{users}.ndjson"),
            "REQNROLL_FORMATTERS_HTML": "outputFilePath=" + os.path.join(folder, f"n-{users}.html"),
        })
        load_before = [round(x, 2) for x in os.getloadavg()]
        started_at = time.time()
        code, wall, resources = run_sampling(command + ["--logger", f"trx;LogFileName={folder}/n-{users}.trx", "--results-directory", folder],
                                             args.deadline, env, log)
        evidence = [p for p in glob.glob(os.path.join(ROOT, "artifacts", "evidence", "*", "*", "*", "load-latency.json"))
                    if os.path.getmtime(p) >= started_at]
        if not evidence:
            raise SystemExit(f"N={users}: the run left no load-latency.json (exit code {code}): see {log}")
        latency = json.load(open(max(evidence, key=os.path.getmtime)))
        row = {"users": users, "exit_code": code, "wall_seconds": round(wall, 1), "errors": latency["errors"],
               "first_event_ms": {k: latency["first_event_ms"][k] for k in ("p50", "p95", "p99")},
               "completion_ms": {k: latency["completion_ms"][k] for k in ("p50", "p95", "p99")},
               "platform": resources, "load_average_before": load_before}
        rows.append(row)
        print(f"N={users}: {row['errors']} errors, first event p50/p95/p99 {row['first_event_ms']['p50']}/{row['first_event_ms']['p95']}/"
              f"{row['first_event_ms']['p99']} ms, completion p95 {row['completion_ms']['p95']} ms, platform {resources}, "
              f"load average before {load_before}", flush=True)
    base = rows[0]
    for row in rows:
        factor = row["users"] / base["users"]
        growth = lambda value, first: round(value / first, 2) if value and first else None
        row["growth_vs_smallest"] = {"users": round(factor, 2),
                                     "first_event_p95": growth(row["first_event_ms"]["p95"], base["first_event_ms"]["p95"]),
                                     "completion_p95": growth(row["completion_ms"]["p95"], base["completion_ms"]["p95"]),
                                     "platform_cpu_seconds": growth(row["platform"]["cpu_seconds"], base["platform"]["cpu_seconds"]),
                                     "platform_peak_memory": growth(row["platform"]["peak_memory_mib"], base["platform"]["peak_memory_mib"])}
    report = {"machine": machine(), "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "command": " ".join(command), "rows": rows}
    with open(os.path.join(ROOT, "artifacts", "benchmark-load.json"), "w") as out:
        json.dump(report, out, indent=2)
    lines = ["## Load benchmark", "",
             f"Measured {report['date']} on {report['machine']['nproc']} cores (load average at start "
             f"{', '.join(map(str, report['machine']['load_average_at_start']))}); `{report['command']}` with "
             "ACCEPTANCE_Load__Users=N, the reference platform started by the suite.", "",
             "| N | errors | first event p50 / p95 / p99 (ms) | completion p50 / p95 / p99 (ms) | platform CPU s (avg %) | platform peak memory (MiB) | growth vs smallest N: p95 first / p95 completion / CPU / memory |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        f, c, p, g = row["first_event_ms"], row["completion_ms"], row["platform"], row["growth_vs_smallest"]
        lines.append(f"| {row['users']} | {row['errors']} | {f['p50']} / {f['p95']} / {f['p99']} | {c['p50']} / {c['p95']} / {c['p99']} | "
                     f"{p['cpu_seconds']} ({p['average_cpu_percent']}) | {p['peak_memory_mib']} | "
                     f"×{g['first_event_p95']} / ×{g['completion_p95']} / ×{g['platform_cpu_seconds']} / ×{g['platform_peak_memory']} (N ×{g['users']}) |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        with open(os.path.join(ROOT, args.markdown) if not os.path.isabs(args.markdown) else args.markdown, "w") as out:
            out.write(text)
    print(f"Wrote {os.path.join(ROOT, 'artifacts', 'benchmark-load.json')}")


if __name__ == "__main__":
    sys.exit(main())
