using System.Runtime.InteropServices;
using System.Text.Json;
using Acceptance.Support.Platform;

namespace Acceptance.Support.Evidence;

/// <summary>
/// Writes artifacts/environment.json at the start of the run: what was tested, where and how (no secrets), for
/// the living documentation's summary.
/// </summary>
public static class RunRecord
{
    public static void Write()
    {
        // Runs that make no living documentation (the self-check's child runs) leave the shared file alone.
        if (Environment.GetEnvironmentVariable("ACCEPTANCE_LIVINGDOC") == "off") return;
        var targets = TestRunEnvironment.CurrentOrNull;
        var record = new Dictionary<string, object?>
        {
            ["environment"] = targets?.Settings.Environment ?? Environment.GetEnvironmentVariable("ACCEPTANCE_ENV") ?? "local",
            ["endpoints"] = targets is null ? null : new Dictionary<string, string?>
            {
                ["auth"] = targets.Endpoints.Auth.ToString(),
                ["api"] = targets.Endpoints.Api.ToString(),
                ["websocket"] = targets.Endpoints.WebSocket.ToString(),
                ["app"] = targets.Endpoints.App?.ToString(),
            },
            ["authStrategy"] = targets?.Settings.Auth.Strategy,
            ["platform"] = targets is null ? "not resolved" : targets.StartedLocally ? "reference platform started by the suite" : "given endpoints",
            ["platformStartSeconds"] = TestRunEnvironment.PlatformStartTime is { } start ? Math.Round(start.TotalSeconds, 2) : null,
            ["browser"] = targets?.Settings.Browser.RemoteEndpoint is { Length: > 0 } ? "remote Playwright server" : targets?.Settings.Browser.ExecutablePath,
            ["machine"] = $"{Environment.MachineName}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}",
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["startedAt"] = DateTimeOffset.UtcNow.ToString("O"),
        };
        var path = RepositoryRoot.Artifacts("environment.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true }));
    }
}
