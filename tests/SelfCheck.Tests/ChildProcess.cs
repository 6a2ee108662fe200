using System.Diagnostics;
using System.Text;

namespace Acceptance.SelfCheck.Tests;

/// <summary>A child process with a deadline: its output is collected; past the deadline it is killed with its tree.</summary>
public sealed record ChildResult(int ExitCode, string Output, TimeSpan Took);

public static class ChildProcess
{
    public static async Task<ChildResult> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment,
        string workingDirectory, TimeSpan deadline, string what)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            string tail;
            lock (output) tail = string.Join("\n", output.ToString().Split('\n').TakeLast(40));
            throw new TimeoutException($"{what} did not finish within {deadline.TotalSeconds:0} s and was killed. Its last output:\n{tail}");
        }
        process.WaitForExit(); // flushes the output events
        lock (output) return new ChildResult(process.ExitCode, output.ToString(), clock.Elapsed);
    }
}
