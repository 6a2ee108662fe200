using System.Diagnostics;
using System.Text.RegularExpressions;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Hosting;

/// <summary>
/// Figures for the documentation, not assertions: start-up time, run latency with the default step delay,
/// memory at idle and after 100 conversations. Run by hand:
/// dotnet test tests/ReferencePlatform.Tests --filter "FullyQualifiedName~Measurements"
/// </summary>
[TestFixture, Explicit("measurements, run by hand"), NonParallelizable]
public sealed partial class Measurements
{
    [Test]
    public async Task Measure_startup_latency_and_memory()
    {
        var startups = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var (process, urls, clock) = await StartChildAsync();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            while ((int)(await http.GetAsync($"{urls["api"]}/health/ready")).StatusCode != 200
                || (int)(await http.GetAsync($"{urls["auth"]}/health/ready")).StatusCode != 200)
            {
                await Task.Delay(10);
            }
            startups.Add(clock.Elapsed.TotalMilliseconds);
            if (i < 4)
            {
                await StopAsync(process);
                continue;
            }

            // The last one stays up for the run and memory figures (default step delay of 100 ms).
            var platformUrls = urls;
            await Task.Delay(2000);
            process.Refresh();
            var idle = process.WorkingSet64;

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var login = await client.PostAsync($"{platformUrls["auth"]}/auth/login", new StringContent(
                """{"email":"alice@example.com","password":"correct-horse-alice"}""", System.Text.Encoding.UTF8, "application/json"));
            var alice = PlatformClient.FromPair(System.Text.Json.JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement);
            var wsUrl = new Uri(platformUrls["api"].Replace("http://", "ws://") + "/api/v1/websocket");

            var latencies = new List<double>();
            await using (var socket = await AgentSocket.ConnectAsync(wsUrl, alice.AccessToken))
            {
                for (var r = 0; r < 5; r++)
                {
                    var sent = socket.Now;
                    await socket.SendUserMessageAsync("compute costs $12,000");
                    var frames = await socket.UntilAsync("agent_completed");
                    latencies.Add((frames[^1].At - sent).TotalMilliseconds);
                }
            }

            var conversations = Stopwatch.StartNew();
            var sockets = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => AgentSocket.ConnectAsync(wsUrl, alice.AccessToken)));
            for (var round = 0; round < 10; round++)
            {
                // Each socket sees every run of Alice's, so run one at a time per round on each socket and drain all.
                await Task.WhenAll(sockets.Select((s, k) => s.SendUserMessageAsync($"storage costs ${1000 + round * 10 + k}")));
                foreach (var s in sockets)
                {
                    var completed = 0;
                    while (completed < 10)
                    {
                        if ((await s.NextAsync("agent_completed frames", TimeSpan.FromSeconds(15))).Type == "agent_completed")
                        {
                            completed++;
                        }
                    }
                }
            }
            foreach (var s in sockets)
            {
                await s.DisposeAsync();
            }
            conversations.Stop();
            await Task.Delay(1000);
            process.Refresh();
            var after = process.WorkingSet64;

            TestContext.Progress.WriteLine($"start-up to ready (ms), 5 runs: {string.Join(", ", startups.Select(s => s.ToString("F0")))}; median {startups.Order().ElementAt(2):F0}");
            TestContext.Progress.WriteLine($"user_message -> agent_completed (ms), default 100 ms steps: {string.Join(", ", latencies.Select(l => l.ToString("F0")))}; median {latencies.Order().ElementAt(2):F0}");
            TestContext.Progress.WriteLine($"working set idle: {idle / 1048576.0:F1} MiB; after 100 conversations: {after / 1048576.0:F1} MiB (100 conversations took {conversations.ElapsedMilliseconds} ms)");
            await StopAsync(process);
        }
    }

    private static async Task<(Process Process, Dictionary<string, string> Urls, Stopwatch Clock)> StartChildAsync()
    {
        var clock = Stopwatch.StartNew();
        var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Acceptance.ReferencePlatform.dll"), "--Platform:AuthPort=0", "--Platform:ApiPort=0", "--Platform:AppPort=0" },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var urls = new Dictionary<string, string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (urls.Count < 3)
        {
            var line = await process.StandardOutput.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("exited early");
            var match = Listening().Match(line);
            urls[match.Groups[1].Value] = match.Groups[2].Value;
        }
        return (process, urls, clock);
    }

    private static async Task StopAsync(Process process)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(deadline.Token);
        process.Dispose();
    }

    [GeneratedRegex(@"^listening (auth|api|app)=(\S+)$")]
    private static partial Regex Listening();
}
