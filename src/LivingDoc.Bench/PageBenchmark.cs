using System.Globalization;
using Microsoft.Playwright;

namespace Acceptance.LivingDoc.Bench;

/// <summary>
/// Opens a living documentation (file://, no network) in Debian's Chromium and measures, per run:
/// usable = the first frame after the page's script has finished, then a task (ms after navigation start), timed in the page;
/// also printed: the same as seen by the driver after it noticed data-ready (adds a round trip, large on a loaded machine);
/// search = per keystroke of a query, from the input event to the next frame after the filter ran;
/// filters = each status box and the tag list, from the change to the next frame;
/// memory = proportional set size of all Chromium processes with the page open, minus the same with a blank page.
/// Usage: dotnet run --project src/LivingDoc.Bench -c Release -- --html FILE [--runs 3] [--query "topic 7"] [--load-only [--scroll]]
/// </summary>
public static class PageBenchmark
{
    private const string Chromium = "/usr/lib/chromium/chromium";

    public static async Task<int> RunAsync(string[] args)
    {
        var html = Arg(args, "--html") ?? throw new ArgumentException("--html FILE is required");
        if (!File.Exists(html)) { Console.Error.WriteLine($"error: {html} not found"); return 2; }
        var runs = int.Parse(Arg(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        var query = Arg(args, "--query") ?? "topic 7";
        var url = new Uri(Path.GetFullPath(html)).AbsoluteUri;
        Console.WriteLine($"Page: {html} ({new FileInfo(html).Length / 1048576.0:0.00} MB); load average {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores");

        using var playwright = await Playwright.CreateAsync();
        for (var run = 1; run <= runs; run++)
        {
            var blank = await MemoryWith(playwright, "about:blank");
            await using var browser = await Launch(playwright);
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
            // Long tasks and paints, to see where the time to usable goes (printed with --load-only).
            // usable, measured in the page: the first frame after the script set data-ready, then a task (so no driver round trip is counted).
            await page.AddInitScriptAsync("new MutationObserver((m, o) => { if (document.documentElement.dataset.ready) { o.disconnect(); requestAnimationFrame(() => setTimeout(() => { window.__usable = performance.now(); }, 0)); } }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] })");
            await page.AddInitScriptAsync("window.__lt=[];try{new PerformanceObserver(l=>{for(const e of l.getEntries())window.__lt.push(e.name+' '+Math.round(e.startTime)+'+'+Math.round(e.duration))}).observe({entryTypes:['longtask','paint']})}catch(e){}");
            await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
            await page.WaitForFunctionAsync("() => document.documentElement.dataset.ready", null, new() { Timeout = 120_000 });
            var seen = await page.EvaluateAsync<double>("() => new Promise(r => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))");
            await page.WaitForFunctionAsync("() => window.__usable", null, new() { Timeout = 120_000 });
            var usable = await page.EvaluateAsync<double>("() => window.__usable");
            var ready = double.Parse(await page.EvaluateAsync<string>("() => document.documentElement.dataset.ready"), CultureInfo.InvariantCulture);
            var parsed = await page.EvaluateAsync<string?>("() => document.documentElement.dataset.parsed || null");
            var elements = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
            var memory = ProportionalSetSize() - blank;
            if (args.Contains("--load-only"))
            {
                Console.WriteLine($"run {run}: usable {usable:0} ms (as seen by the driver, one round trip later: {seen:0} ms; HTML read {parsed ?? "?"} ms, script done {ready:0} ms, {elements} elements) · memory over blank {memory / 1048576.0:0} MB");
                Console.WriteLine("  long tasks and paints: " + string.Join(", ", await page.EvaluateAsync<string[]>("() => window.__lt")));
                if (args.Contains("--scroll"))
                {
                    // The worst case for memory: a reader scrolls through the whole specification, so all of it is made.
                    // Besides the processes' PSS (which keeps memory the browser has freed but not given back), the live
                    // JavaScript heap and the DOM after a forced garbage collection: what the page itself still holds.
                    var cdp = await page.Context.NewCDPSessionAsync(page);
                    var before = await Live(page, cdp, blank);
                    Console.WriteLine($"  at first, after a garbage collection: {before}");
                    // Twice through: memory that follows what is near the screen is no larger after the second pass.
                    for (var pass = 1; pass <= 2; pass++)
                    {
                        var scrolled = await page.EvaluateAsync<double>("""
                            async () => {
                              const t = performance.now();
                              const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 20)));
                              for (let y = 0; y < document.documentElement.scrollHeight; y += 2000) { window.scrollTo(0, y); await frame(); await frame(); }
                              return performance.now() - t;
                            }
                            """);
                        var packed = await page.EvaluateAsync<int>("() => document.querySelectorAll('#view-spec [data-lazy]').length");
                        Console.WriteLine($"  scrolled to the end, pass {pass} ({scrolled / 1000:0.0} s, {packed} features still packed): PSS over blank {(ProportionalSetSize() - blank) / 1048576.0:0} MB; after a garbage collection: {await Live(page, cdp, blank)}");
                        if (pass == 1) await page.EvaluateAsync("() => window.scrollTo(0, 0)");
                    }
                    await page.EvaluateAsync("async () => { window.scrollTo(0, 0); for (let i = 0; i < 5; i++) await new Promise(r => requestAnimationFrame(() => setTimeout(r, 20))); }");
                    Console.WriteLine($"  back at the top, after a garbage collection: {await Live(page, cdp, blank)}");
                }
                continue;
            }

            var keystrokes = new List<double>();
            await page.FocusAsync("#q");
            foreach (var ch in query)
                keystrokes.Add(await page.EvaluateAsync<double>("""
                    ch => new Promise(resolve => {
                      const q = document.getElementById('q');
                      const t = performance.now();
                      q.value += ch;
                      q.dispatchEvent(new Event('input', { bubbles: true }));
                      requestAnimationFrame(() => requestAnimationFrame(() => { document.body.offsetHeight; resolve(performance.now() - t); }));
                    })
                    """, ch.ToString()));
            var shown = await page.TextContentAsync("#shown");
            await page.EvaluateAsync("() => { const q = document.getElementById('q'); q.value = ''; q.dispatchEvent(new Event('input', { bubbles: true })); }");

            var filters = new List<(string Name, double Ms)>();
            foreach (var status in await page.EvalOnSelectorAllAsync<string[]>(".status-filter input", "boxes => boxes.map(b => b.value)"))
                foreach (var on in new[] { true, false })
                    filters.Add(($"{status} {(on ? "on" : "off")}", await Toggle(page, $".status-filter input[value='{status}']", "checked", on ? "true" : "false")));
            var tag = await page.EvalOnSelectorAsync<string>("#tag", "s => s.options.length > 1 ? s.options[1].value : ''");
            if (tag.Length > 0)
            {
                filters.Add(($"tag {tag}", await Toggle(page, "#tag", "value", $"'{tag}'")));
                filters.Add(("tag all", await Toggle(page, "#tag", "value", "''")));
            }

            Console.WriteLine($"run {run}: usable {usable:0} ms (as seen by the driver, one round trip later: {seen:0} ms; HTML read {parsed ?? "?"} ms, script done {ready:0} ms, {elements} elements) · search \"{query}\" per keystroke: median {Median(keystrokes):0} ms, max {keystrokes.Max():0} ms ({shown}) · " +
                $"filters: median {Median(filters.Select(f => f.Ms).ToList()):0} ms, max {filters.Max(f => f.Ms):0} ms ({filters.MaxBy(f => f.Ms).Name}) · memory over blank {memory / 1048576.0:0} MB");
        }
        return 0;
    }

    /// <summary>What the page holds after a forced garbage collection: live JS heap, DOM elements, and the browser's PSS.</summary>
    private static async Task<string> Live(IPage page, ICDPSession cdp, long blank)
    {
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var heap = await cdp.SendAsync("Runtime.getHeapUsage");
        var used = heap!.Value.GetProperty("usedSize").GetDouble();
        var elements = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
        await Task.Delay(300);
        return $"JS heap {used / 1048576.0:0.0} MB, {elements} elements, PSS over blank {(ProportionalSetSize() - blank) / 1048576.0:0} MB";
    }

    private static async Task<double> Toggle(IPage page, string selector, string property, string value) =>
        await page.EvaluateAsync<double>($$"""
            () => new Promise(resolve => {
              const el = document.querySelector("{{selector}}");
              const t = performance.now();
              el.{{property}} = {{value}};
              el.dispatchEvent(new Event('change', { bubbles: true }));
              requestAnimationFrame(() => requestAnimationFrame(() => { document.body.offsetHeight; resolve(performance.now() - t); }));
            })
            """);

    private static Task<IBrowser> Launch(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = Chromium, Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
    });

    private static async Task<long> MemoryWith(IPlaywright playwright, string url)
    {
        await using var browser = await Launch(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await page.GotoAsync(url);
        await Task.Delay(500);
        return ProportionalSetSize();
    }

    /// <summary>PSS of every Chromium process started under this one (the Playwright driver's children).</summary>
    private static long ProportionalSetSize()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
        }
        var self = Environment.ProcessId;
        bool Under(int pid)
        {
            for (var p = pid; p > 1 && parents.TryGetValue(p, out var parent); p = parent)
                if (parent == self) return true;
            return false;
        }
        long total = 0;
        foreach (var pid in parents.Keys.Where(Under))
        {
            try
            {
                if (!File.ReadAllText($"/proc/{pid}/cmdline").Contains("chromium", StringComparison.Ordinal)) continue;
                var line = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
                if (line is not null) total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException) { }
        }
        return total;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static string? Arg(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
