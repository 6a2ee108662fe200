using Acceptance.Support.Evidence;
using Acceptance.Support.Http;
using Acceptance.Support.Platform;

namespace Acceptance.Support.Drivers;

public enum Origin { Auth, Api, App }

/// <summary>One recording RestSharp client per actor and origin for the scenario (scenario-scoped).</summary>
public sealed class HttpClients(PlatformUnderTest platform, ScenarioEvidence evidence) : IDisposable
{
    private readonly Dictionary<(string, Origin), RecordingHttpClient> _clients = new();

    public RecordingHttpClient For(string actor, Origin origin)
    {
        if (_clients.TryGetValue((actor, origin), out var client)) return client;
        var baseUrl = origin switch
        {
            Origin.Auth => platform.Endpoints.Auth,
            Origin.Api => platform.Endpoints.Api,
            _ => platform.Endpoints.App ?? throw new InvalidOperationException(
                "No web app endpoint: set Endpoints:App (ACCEPTANCE_Endpoints__App) for this environment."),
        };
        client = new RecordingHttpClient(baseUrl, actor, evidence, platform.Budgets.Http);
        _clients[(actor, origin)] = client;
        return client;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
        _clients.Clear();
    }
}
