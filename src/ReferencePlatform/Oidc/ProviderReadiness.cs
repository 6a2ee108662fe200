using Acceptance.ReferencePlatform.Hosting;
using Acceptance.ReferencePlatform.Storage;

namespace Acceptance.ReferencePlatform.Oidc;

/// <summary>
/// The provider gets ready after the platform listens: its tables, its client registrations and OpenIddict's
/// first-use work take seconds on a loaded machine, and the v1 endpoints need none of it. Provider requests (and
/// provider tokens at the API) wait for it, up to a deadline.
/// </summary>
public sealed class ProviderReadiness
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private Task _ready = Task.CompletedTask;

    public void Start(PlatformDatabase database, IServiceProvider authServices, PlatformUrls urls, ProviderTokens tokens) =>
        _ready = Task.Run(async () =>
        {
            ProviderDbContext.CreateTables(database);
            await ProviderClients.RegisterAsync(authServices, urls);
            _ = Task.Run(() => ProviderClients.WarmUpAsync(urls, tokens));
        });

    /// <summary>Waits until the provider is ready; throws (a 500, logged) if setting it up failed or took too long.</summary>
    public Task WaitAsync(CancellationToken ct) => _ready.WaitAsync(Deadline, ct);

    public bool IsReady => _ready.IsCompletedSuccessfully;
}
