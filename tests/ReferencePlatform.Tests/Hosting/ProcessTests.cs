using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Hosting;

/// <summary>The built platform as a child process, as scripts start it.</summary>
[TestFixture]
public sealed partial class ProcessTests
{
    [Test]
    public async Task The_platform_prints_three_listening_lines_is_ready_and_exits_cleanly_on_SIGTERM()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Acceptance.ReferencePlatform.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--Platform:AuthPort=0", "--Platform:ApiPort=0", "--Platform:AppPort=0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var lines = new List<string>();
            var urls = new Dictionary<string, string>();
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            {
                while (urls.Count < 3)
                {
                    string? line;
                    try
                    {
                        line = await process.StandardOutput.ReadLineAsync(deadline.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        Assert.Fail($"Waited 15 s for three 'listening' lines; got:\n{string.Join("\n", lines)}");
                        throw;
                    }
                    if (line is null)
                    {
                        Assert.Fail($"The platform exited ({process.ExitCode}) before listening; stdout:\n{string.Join("\n", lines)}\nstderr:\n{await stderr}");
                    }
                    lines.Add(line!);
                    var match = ListeningLine().Match(line!);
                    Assert.That(match.Success, Is.True, $"unexpected stdout line: {line}");
                    urls[match.Groups["origin"].Value] = match.Groups["url"].Value;
                }
            }
            Assert.That(urls.Keys, Is.EquivalentTo(new[] { "auth", "api", "app" }));

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            Assert.That((int)(await http.GetAsync($"{urls["auth"]}/health/ready")).StatusCode, Is.EqualTo(200));
            Assert.That((int)(await http.GetAsync($"{urls["api"]}/health/ready")).StatusCode, Is.EqualTo(200));
            TestContext.Progress.WriteLine($"child process ready after {clock.ElapsedMilliseconds} ms");

            // Process.Kill is SIGKILL; scripts and service managers stop with SIGTERM.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
                Assert.That(kill.ExitCode, Is.Zero, "kill -TERM failed");
            }
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(exit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("Waited 10 s for the platform to exit after SIGTERM; it kept running.");
            }
            Assert.That(process.ExitCode, Is.Zero, $"exit code after SIGTERM; stderr:\n{await stderr}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [GeneratedRegex(@"^listening (?<origin>auth|api|app)=(?<url>http://127\.0\.0\.1:\d+)$")]
    private static partial Regex ListeningLine();
}
