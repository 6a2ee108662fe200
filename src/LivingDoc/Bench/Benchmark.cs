using System.Diagnostics;
using System.Globalization;

namespace Acceptance.LivingDoc.Bench;

/// <summary>
/// `bench`: reads real messages (--input, --features; made by real-run.sh with Reqnroll and the runner), generates the document several times in this process
/// and prints each time (the first includes JIT warm-up, as a fresh `dotnet test` end-of-run call would), the size of
/// the HTML and of the files beside it.
/// </summary>
public static class Benchmark
{
    internal static string? Arg(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Run(string[] args)
    {
        var iterations = int.Parse(Arg(args, "--iterations") ?? "5", CultureInfo.InvariantCulture);
        if (Arg(args, "--input") is not { } input)
        {
            Console.Error.WriteLine("error: bench needs --input MESSAGES: real Cucumber messages, e.g. from src/LivingDoc/Bench/real-run.sh 1000 " +
                                    "(artifacts/bench/livingdoc-1000/messages.ndjson, features beside it in Features/).");
            return 1;
        }
        var messages = Path.GetFullPath(input);
        if (!File.Exists(messages))
        {
            Console.Error.WriteLine($"error: {messages} not found; make it with src/LivingDoc/Bench/real-run.sh.");
            return 2;
        }
        var features = Path.GetFullPath(Arg(args, "--features") ?? Path.Combine(Path.GetDirectoryName(messages)!, "Features"));
        var folder = Path.GetFullPath(Arg(args, "--out") ?? Path.Combine(Path.GetDirectoryName(messages)!, "bench"));
        Directory.CreateDirectory(folder);
        Console.WriteLine($"Input: {messages} {new FileInfo(messages).Length / 1048576.0:0.0} MB, features {features}; load average {File.ReadAllText("/proc/loadavg").Trim()}");

        var history = Path.Combine(folder, "history");
        if (Directory.Exists(history)) Directory.Delete(history, true);
        var options = new LivingDocOptions
        {
            Inputs = [messages], FeaturesFolder = features, HistoryFolder = history, Commit = "0123456789abcdef",
            OutputHtml = Path.Combine(folder, "LivingDoc.html"), OutputSummary = Path.Combine(folder, "LivingDoc.summary.json"),
            Title = "Benchmark",
        };
        var times = new List<double>();
        var cpuTimes = new List<double>();
        LivingDocResult? last = null;
        var process = Process.GetCurrentProcess();
        for (var i = 1; i <= iterations; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            last = LivingDocGenerator.Generate(options);
            clock.Stop();
            process.Refresh();
            var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
            if (!last.Success)
            {
                Console.Error.WriteLine(last);
                return 2;
            }
            times.Add(clock.Elapsed.TotalMilliseconds);
            cpuTimes.Add(cpuMs);
            Console.WriteLine($"  run {i}: {clock.Elapsed.TotalMilliseconds:0} ms{(i == 1 ? " (cold: includes JIT)" : "")}, process CPU {cpuMs:0} ms – " +
                string.Join(", ", last.Phases.Select(p => $"{p.Key} {p.Value:0} ms")));
        }
        var files = Path.Combine(folder, "LivingDoc.files");
        var besideBytes = Directory.Exists(files) ? Directory.EnumerateFiles(files).Sum(f => new FileInfo(f).Length) : 0;
        var warm = times.Skip(1).DefaultIfEmpty(times[0]).Order().ToList();
        Console.WriteLine($"HTML: {last!.HtmlPath} {last.HtmlBytes / 1048576.0:0.00} MB ({last.Scenarios} scenarios, {last.Executed} executed, {last.Counts["failed"]} failed)");
        Console.WriteLine($"Beside it: {(Directory.Exists(files) ? Directory.EnumerateFiles(files).Count() : 0)} files, {besideBytes / 1048576.0:0.00} MB");
        var warmCpu = cpuTimes.Skip(1).DefaultIfEmpty(cpuTimes[0]).Order().ToList();
        Console.WriteLine($"Generation: cold {times[0]:0} ms; warm median {warm[warm.Count / 2]:0} ms, min {warm[0]:0} ms, max {warm[^1]:0} ms ({Environment.ProcessorCount} cores)");
        Console.WriteLine($"Process CPU time (all threads, less sensitive to other load): cold {cpuTimes[0]:0} ms; warm median {warmCpu[warmCpu.Count / 2]:0} ms, min {warmCpu[0]:0} ms; " +
                          $"peak working set {process.PeakWorkingSet64 / 1048576.0:0} MB; load average now {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }
}
