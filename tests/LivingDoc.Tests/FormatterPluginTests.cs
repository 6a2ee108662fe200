using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Acceptance.LivingDoc.Tests;

/// <summary>
/// The `livingdoc` Reqnroll formatter plugin in a real run: a small Reqnroll project (FormatterSample) whose
/// reqnroll.json enables the formatter is run with `dotnet test`, and the living documentation must be there.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class FormatterPluginTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Test]
    public void A_Reqnroll_run_with_the_livingdoc_formatter_writes_the_living_documentation()
    {
        var output = typeof(FormatterPluginTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FormatterSampleOutput").Value!;
        var work = Path.Combine(Path.GetTempPath(), "livingdoc-formatter-" + Guid.NewGuid().ToString("N")[..8]);
        // A copy of the sample's output, whose reqnroll.json enables the formatter ("livingdoc": {"outputFilePath": …, "title": …}).
        var sample = Path.Combine(work, "sample");
        foreach (var file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(sample, Path.GetRelativePath(output, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var html = Path.Combine(work, "report", "living_doc.html");
        // An absolute path: the repository's runner hands relative formatter paths to Reqnroll through a
        // REQNROLL_FORMATTERS_LIVINGDOC variable, which replaces the formatter's other settings (the title).
        var configPath = Path.Combine(sample, "reqnroll.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["formatters"]!["livingdoc"]!["outputFilePath"] = html;
        File.WriteAllText(configPath, config.ToJsonString());
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "test", Path.Combine(sample, "FormatterSample.dll") }) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`dotnet test FormatterSample.dll` did not finish within {Deadline.TotalMinutes} min.");
        }
        var log = stdout.Result + stderr.Result;

        Assert.That(log, Does.Contain("Failed:     1, Passed:     1"), "the sample ran (one scenario fails on purpose):\n" + log);
        Assert.That(File.Exists(html), Is.True, $"{html} after the run:\n{log}");
        var page = File.ReadAllText(html);
        Assert.That(page, Does.Contain("<title>Formatter sample – 1 passed · 1 failed</title>"));
        Assert.That(File.Exists(Path.ChangeExtension(html, ".ndjson")), Is.True, "the run's messages are kept beside the report");
        try { Directory.Delete(work, true); } catch (IOException) { }
    }
}
