using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Acceptance.Support.Platform;

/// <summary>
/// Runs the reference platform as a child process on free ports for one test run.
/// The child is started through a small shell watchdog that kills it as soon as this process is gone,
/// so a crashed or killed test run never leaves the platform behind.
/// </summary>
public sealed partial class ReferencePlatformProcess : IDisposable
{
    private readonly Process _watchdog;
    private readonly List<string> _output = new();
    private readonly object _gate = new();

    public PlatformEndpoints Endpoints { get; }
    public int ProcessId => _watchdog.Id;

    private ReferencePlatformProcess(Process watchdog, PlatformEndpoints endpoints, List<string> output)
    {
        _watchdog = watchdog;
        Endpoints = endpoints;
        _output = output;
    }

    /// <summary>What the platform printed, for diagnosing a failed start or a crash.</summary>
    public IReadOnlyList<string> Output { get { lock (_gate) return _output.ToList(); } }

    public static string FindOrBuildAssembly(string repositoryRoot, string projectFolder, string assemblyName, TimeSpan buildDeadline)
    {
        var project = Path.Combine(repositoryRoot, projectFolder);
        var found = FindAssembly(project, assemblyName);
        if (found is not null) return found;

        if (!Directory.Exists(project))
            throw new DirectoryNotFoundException($"The reference platform's project folder {project} does not exist.");
        RunBuild(project, buildDeadline);
        return FindAssembly(project, assemblyName)
               ?? throw new FileNotFoundException($"`dotnet build {project}` succeeded but {assemblyName} is not under its bin/ folder.");
    }

    private static string? FindAssembly(string project, string assemblyName)
    {
        var bin = Path.Combine(project, "bin");
        if (!Directory.Exists(bin)) return null;
        return Directory.EnumerateFiles(bin, assemblyName, SearchOption.AllDirectories)
            .Where(path => File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")))
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
    }

    private static void RunBuild(string project, TimeSpan deadline)
    {
        var start = new ProcessStartInfo("dotnet", ["build", project, "--nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var build = Process.Start(start) ?? throw new InvalidOperationException("Could not start `dotnet build`.");
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        if (!build.WaitForExit(deadline))
        {
            build.Kill(entireProcessTree: true);
            throw new TimeoutException($"`dotnet build {project}` did not finish within {deadline.TotalSeconds:0} s.");
        }
        build.WaitForExit();
        if (build.ExitCode != 0)
            throw new InvalidOperationException(
                $"`dotnet build {project}` failed with exit code {build.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }

    /// <summary>Starts the platform and waits, with a deadline, for its three `listening` lines.</summary>
    public static ReferencePlatformProcess Start(string assemblyPath, IReadOnlyDictionary<string, string> configuration, TimeSpan startupDeadline)
    {
        var arguments = new List<string> { assemblyPath, "--Platform:AuthPort=0", "--Platform:ApiPort=0", "--Platform:AppPort=0" };
        arguments.AddRange(configuration.Select(pair => $"--{pair.Key}={pair.Value}"));

        // The watchdog: start the platform, then poll every half second; when the test run's process is gone,
        // kill the platform. TERM/INT from us (a normal stop) kills it at once.
        const string script = """
            "$@" &
            child=$!
            trap 'kill $child 2>/dev/null; wait $child 2>/dev/null; exit 0' TERM INT HUP
            while kill -0 "$WATCHED_PID" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5; done
            kill $child 2>/dev/null
            wait $child 2>/dev/null
            """;
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("reference-platform-watchdog");
        start.ArgumentList.Add("dotnet");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["WATCHED_PID"] = Environment.ProcessId.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var output = new List<string>();
        var gate = new object();
        string? auth = null, api = null, app = null;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (gate)
            {
                output.Add(line);
                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    var url = match.Groups["url"].Value.TrimEnd('/');
                    switch (match.Groups["origin"].Value)
                    {
                        case "auth": auth = url; break;
                        case "api": api = url; break;
                        case "app": app = url; break;
                    }
                    if (auth is not null && api is not null && app is not null) ready.TrySetResult();
                }
            }
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The reference platform exited during start-up."));

        if (!process.Start()) throw new InvalidOperationException("Could not start the reference platform.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var completed = Task.WhenAny(ready.Task, Task.Delay(startupDeadline)).GetAwaiter().GetResult();
        if (completed != ready.Task || ready.Task.IsFaulted)
        {
            StopProcess(process);
            string printed;
            lock (gate) printed = string.Join("\n", output.TakeLast(60));
            var reason = ready.Task.IsFaulted
                ? ready.Task.Exception!.InnerException!.Message
                : $"It did not print all three `listening auth=|api=|app=` lines within {startupDeadline.TotalSeconds:0} s.";
            throw new InvalidOperationException($"{reason}\nCommand: dotnet {string.Join(' ', arguments.Select(RedactArgument))}\nIt printed:\n{printed}");
        }

        var endpoints = PlatformEndpoints.From(auth!, api!, null, app);
        return new ReferencePlatformProcess(process, endpoints, output);
    }

    public void Dispose() => StopProcess(_watchdog);

    private static void StopProcess(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static string RedactArgument(string argument) =>
        argument.Contains("Secret", StringComparison.OrdinalIgnoreCase) || argument.Contains("Key=", StringComparison.OrdinalIgnoreCase)
        || argument.Contains("Password=", StringComparison.OrdinalIgnoreCase)
            ? argument[..(argument.IndexOf('=') + 1)] + "[REDACTED]"
            : argument;

    [GeneratedRegex(@"listening\s+(?<origin>auth|api|app)=(?<url>\S+)")]
    private static partial Regex ListeningLine();
}
