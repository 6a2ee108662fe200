using System.Diagnostics;
using System.Text.Json;
using Acceptance.Support.Platform;
using NUnit.Framework;

namespace Acceptance.SelfCheck.Tests;

/// <summary>
/// Browser:RemoteEndpoint: the browser features run in a browser of a Playwright server (started here on
/// 127.0.0.1 from the driver the Microsoft.Playwright package ships, with Debian's Chromium), not in one the suite
/// launches: the suite's own Chromium path is made invalid, so a local launch would fail every scenario.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class RemoteBrowserTests
{
    private const string Chromium = "/usr/lib/chromium/chromium";

    [Test]
    public async Task The_browser_features_pass_in_a_browser_of_a_remote_Playwright_server()
    {
        Assert.That(File.Exists(Chromium), Is.True, $"No Chromium at {Chromium}: apt-get install -y chromium fonts-liberation (.ci/run does).");
        using var platform = FaultyPlatform.Start(new Dictionary<string, string>());
        using var server = await PlaywrightServer.StartAsync(TimeSpan.FromSeconds(60));
        var settings = new Dictionary<string, string>(platform.SuiteSettings)
        {
            ["ACCEPTANCE_Browser__RemoteEndpoint"] = server.Endpoint,
            ["ACCEPTANCE_Browser__ExecutablePath"] = "/nonexistent/chromium-must-not-be-launched-locally",
        };
        var run = await SuiteRun.RunAsync("remote-browser", "Category=browser", settings, TimeSpan.FromMinutes(3));
        TestContext.Out.WriteLine(run.Describe());
        Assert.That((run.Process.ExitCode, run.Failed.Count, run.Passed.Count), Is.EqualTo((0, 0, run.Scenarios.Count)), run.Describe());
        Assert.That(run.Scenarios, Has.Count.GreaterThanOrEqualTo(5), run.Describe());
        Assert.That(server.BrowserConnections, Is.GreaterThan(0), "The Playwright server saw no client.");
        Assert.That(run.Process.Output, Does.Not.Contain(server.Endpoint), "The server's endpoint (its credential) appeared in the output.");
    }

    /// <summary>`node cli.js launch-server --browser chromium --config …` from the package's driver, on 127.0.0.1 and a free port.</summary>
    private sealed class PlaywrightServer : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _output;

        private PlaywrightServer(Process process, string endpoint, List<string> output)
        {
            _process = process;
            Endpoint = endpoint;
            _output = output;
        }

        public string Endpoint { get; }

        /// <summary>How many browser clients the server logged (it logs nothing by default: counted from DEBUG output).</summary>
        public int BrowserConnections { get { lock (_output) return _output.Count(line => line.Contains("pw:server") && line.Contains("connected")); } }

        public static async Task<PlaywrightServer> StartAsync(TimeSpan deadline)
        {
            var driver = Path.Combine(RepositoryRoot.Find(), "bin", SelfCheckPaths.Configuration, "net10.0", ".playwright");
            var node = Directory.Exists(Path.Combine(driver, "node"))
                ? Directory.EnumerateFiles(Path.Combine(driver, "node"), "node", SearchOption.AllDirectories).FirstOrDefault()
                : null;
            var cli = Path.Combine(driver, "package", "cli.js");
            if (node is null || !File.Exists(cli))
                throw new FileNotFoundException($"The Playwright driver is not under {driver} (node/*/node and package/cli.js): build Acceptance.csproj.");

            var folder = SelfCheckPaths.Artifacts("playwright-server");
            Directory.CreateDirectory(folder);
            var config = Path.Combine(folder, "launch-server.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
            {
                executablePath = Chromium,
                headless = true,
                host = "127.0.0.1",
                port = 0,
                args = new[] { "--no-sandbox", "--disable-gpu", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1" },
            }));

            var start = new ProcessStartInfo(node)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = folder,
            };
            foreach (var argument in new[] { cli, "launch-server", "--browser", "chromium", "--config", config }) start.ArgumentList.Add(argument);
            start.Environment["DEBUG"] = "pw:server";
            var output = new List<string>();
            var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            void OnLine(string? line)
            {
                if (line is null) return;
                lock (output) output.Add(line);
                if (line.StartsWith("ws://127.0.0.1:", StringComparison.Ordinal)) endpoint.TrySetResult(line.Trim());
            }
            process.OutputDataReceived += (_, e) => OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            process.Exited += (_, _) => endpoint.TrySetException(new InvalidOperationException("The Playwright server exited during start-up."));
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                return new PlaywrightServer(process, await endpoint.Task.WaitAsync(deadline), output);
            }
            catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
            {
                process.Kill(entireProcessTree: true);
                string printed;
                lock (output) printed = string.Join("\n", output.TakeLast(30));
                throw new InvalidOperationException(
                    $"The Playwright server did not print its ws://127.0.0.1 endpoint within {deadline.TotalSeconds:0} s ({exception.Message}). It printed:\n{printed}");
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
            finally
            {
                _process.Dispose();
            }
        }
    }
}
