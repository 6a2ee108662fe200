using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Hosting;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Acceptance.ReferencePlatform.Oidc;

/// <summary>The provider's two clients, registered (or brought up to date) at start-up, once the origins are bound.</summary>
public static class ProviderClients
{
    public static async Task RegisterAsync(IServiceProvider authServices, PlatformUrls urls, CancellationToken ct = default)
    {
        await using var scope = authServices.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var app = urls.App.ToString().TrimEnd('/');
        var requirePkce = !scope.ServiceProvider.GetRequiredService<IOptions<FaultOptions>>().Value.OidcPkceNotEnforced;
        await UpsertAsync(manager, Describe(OidcNames.WebClientId, "Chat web app", ApplicationTypes.Web,
            new Uri($"{app}/auth/callback"), new Uri($"{app}/login"), requirePkce), ct);
        // A native client: the registered loopback URI without a port matches any port (RFC 8252).
        await UpsertAsync(manager, Describe(OidcNames.CliClientId, "Acceptance suite", ApplicationTypes.Native,
            new Uri(OidcNames.CliRedirectUri), new Uri("http://127.0.0.1/signed-out"), requirePkce), ct);
    }

    /// <summary>
    /// Asks the provider for its discovery document and keys, and validates a token, once in the background after
    /// start: OpenIddict builds its pipeline (keys, handlers) on first use, seconds on a loaded machine.
    /// </summary>
    public static async Task WarmUpAsync(PlatformUrls urls, ProviderTokens tokens, CancellationToken ct = default)
    {
        await tokens.ValidateAsync(ProviderTokens.WarmUpToken, ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        foreach (var path in new[] { OidcNames.DiscoveryPath, OidcNames.JwksPath })
        {
            try
            {
                using var _ = await http.GetAsync(new Uri(urls.Auth, path), ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not ready yet: the first real request will pay for it instead.
            }
        }
    }

    private static OpenIddictApplicationDescriptor Describe(string clientId, string name, string type, Uri redirect, Uri postLogout, bool requirePkce)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = name,
            ClientType = ClientTypes.Public,
            ApplicationType = type,
            ConsentType = ConsentTypes.Implicit,
            RedirectUris = { redirect },
            PostLogoutRedirectUris = { postLogout },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email,
                Permissions.Scopes.Profile,
                Permissions.Prefixes.Scope + OidcNames.ChatScope,
            },
        };
        if (requirePkce)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }
        return descriptor;
    }

    private static async Task UpsertAsync(IOpenIddictApplicationManager manager, OpenIddictApplicationDescriptor descriptor, CancellationToken ct)
    {
        var existing = await manager.FindByClientIdAsync(descriptor.ClientId!, ct);
        if (existing is null)
        {
            await manager.CreateAsync(descriptor, ct);
        }
        else
        {
            // A kept database may name an old app origin (ports change between runs).
            await manager.UpdateAsync(existing, descriptor, ct);
        }
    }
}
