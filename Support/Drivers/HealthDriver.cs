using RestSharp;

namespace Acceptance.Support.Drivers;

public sealed record HealthReport(string Origin, bool IsHealthy, string Evidence);

/// <summary>Health of each origin. The web app has no health endpoint in the contract: its login page being served is its health.</summary>
public sealed class HealthDriver(HttpClients clients)
{
    private static readonly string[] HealthyStates = ["healthy", "ok", "ready"];

    private static readonly Dictionary<string, (Origin Origin, string Path, bool ReportsStatus)> Checks =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["identity service"] = (Origin.Auth, "health", true),
            ["backend"] = (Origin.Api, "health", true),
            ["web app"] = (Origin.App, "login", false),
        };

    public async Task<HealthReport> CheckAsync(string origin)
    {
        if (!Checks.TryGetValue(origin, out var check))
            throw new ArgumentException($"No origin named \"{origin}\"; known: {string.Join(", ", Checks.Keys)}.");
        var response = await clients.For("the operator", check.Origin).SendAsync(new RestRequest(check.Path), $"check the {origin}");
        var healthy = response.Status == 200 && (!check.ReportsStatus || HealthyStates.Contains(response.Text("status")));
        return new HealthReport(origin, healthy, response.Describe());
    }

    /// <summary>The backend's own view of its dependencies: each named check and whether it is healthy.</summary>
    public async Task<HealthReport> DependenciesAsync()
    {
        var response = await clients.For("the operator", Origin.Api).SendAsync(new RestRequest("api/health"), "check the backend's dependencies");
        var checks = response.Element("checks");
        var healthy = response.Status == 200
                      && checks is { ValueKind: System.Text.Json.JsonValueKind.Object } c
                      && c.EnumerateObject().Any()
                      && c.EnumerateObject().All(p => HealthyStates.Contains(p.Value.ToString()));
        return new HealthReport("backend's dependencies", healthy, response.Describe());
    }
}
