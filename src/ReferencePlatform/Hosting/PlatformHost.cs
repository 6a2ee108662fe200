using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Hosting;
using Acceptance.ReferencePlatform.Oidc;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform;

/// <summary>One mapped route of one origin ("auth", "api" or "app"), with its endpoint metadata.</summary>
public sealed record PlatformRoute(string Origin, string Method, string Pattern, EndpointMetadataCollection Metadata)
{
    public override string ToString() => $"{Origin} {Method} {Pattern}";
}

/// <summary>
/// The whole platform in one process: three origins (auth, api, app) on 127.0.0.1 over one database.
/// Used by Program.cs and, in-process, by tests.
/// </summary>
public sealed class PlatformHost : IAsyncDisposable
{
    private readonly ServiceProvider _shared;
    private readonly WebApplication[] _origins;
    private int _stopped;

    private PlatformHost(ServiceProvider shared, WebApplication[] origins, PlatformUrls urls)
    {
        _shared = shared;
        _origins = origins;
        AuthUrl = urls.Auth;
        ApiUrl = urls.Api;
        AppUrl = urls.App;
        WebSocketUrl = urls.WebSocket;
    }

    public Uri AuthUrl { get; }
    public Uri ApiUrl { get; }
    public Uri AppUrl { get; }
    public Uri WebSocketUrl { get; }

    /// <summary>The shared services (database, sessions, connections), for tests that need to reach behind the API.</summary>
    public IServiceProvider Services => _shared;

    /// <summary>Every route the three origins map, as their endpoint data sources list them (the ones the router serves).</summary>
    public IReadOnlyList<PlatformRoute> Routes => RoutesOf(_origins);

    /// <summary>
    /// The routes the platform would map with these settings, without listening (for tests that are made one per
    /// route when they are discovered).
    /// </summary>
    public static async Task<IReadOnlyList<PlatformRoute>> DescribeRoutesAsync(params string[] args)
    {
        var shared = PlatformServices.BuildShared(new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build());
        WebApplication[] origins = [Origins.BuildAuth(shared, 0), Origins.BuildApi(shared, 0), Origins.BuildApp(shared, 0)];
        try
        {
            return RoutesOf(origins);
        }
        finally
        {
            foreach (var origin in origins)
            {
                await origin.DisposeAsync();
            }
            var database = shared.GetRequiredService<PlatformDatabase>();
            await shared.DisposeAsync();
            database.DeleteIfTemporary();
        }
    }

    private static List<PlatformRoute> RoutesOf(WebApplication[] origins) =>
        origins.Zip(OriginNames).SelectMany(pair => ((IEndpointRouteBuilder)pair.First).DataSources
                .SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
                .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                    .Select(method => new PlatformRoute(pair.Second, method, endpoint.RoutePattern.RawText ?? "", endpoint.Metadata))))
            .ToList();

    private static readonly string[] OriginNames = ["auth", "api", "app"];

    /// <summary>Starts the platform; <paramref name="args"/> as on the command line, e.g. "--Platform:AuthPort=0".</summary>
    public static async Task<PlatformHost> StartAsync(string[] args, CancellationToken ct = default)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var shared = PlatformServices.BuildShared(configuration);
        var started = new List<WebApplication>();
        try
        {
            PlatformServices.Validate(shared);
            var database = shared.GetRequiredService<PlatformDatabase>();
            database.CreateSchema();
            var oidc = shared.GetRequiredService<IOptions<OidcOptions>>().Value.Enabled;
            shared.GetRequiredService<UserStore>().SeedPersonas();

            var hosting = shared.GetRequiredService<IOptions<HostingOptions>>().Value;
            WebApplication[] origins =
            [
                Origins.BuildAuth(shared, hosting.AuthPort),
                Origins.BuildApi(shared, hosting.ApiPort),
                Origins.BuildApp(shared, hosting.AppPort),
            ];
            foreach (var origin in origins)
            {
                await origin.StartAsync(ct);
                started.Add(origin);
            }
            var urls = shared.GetRequiredService<PlatformUrls>();
            urls.Bind(Origins.BoundUrl(origins[0]), Origins.BoundUrl(origins[1]), Origins.BoundUrl(origins[2]),
                shared.GetRequiredService<IOptions<FaultOptions>>().Value.EffectiveWebSocketPath);
            if (oidc)
            {
                shared.GetRequiredService<ProviderReadiness>().Start(database, origins[0].Services, urls, shared.GetRequiredService<ProviderTokens>());
            }
            shared.GetRequiredService<StartupGate>().Listening();
            return new PlatformHost(shared, origins, urls);
        }
        catch
        {
            foreach (var origin in started)
            {
                await origin.StopAsync(CancellationToken.None);
                await origin.DisposeAsync();
            }
            await shared.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops all three origins: open WebSockets are closed, open requests get a few seconds.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await Task.WhenAll(_origins.Select(o => o.StopAsync(CancellationToken.None)));
        foreach (var origin in _origins)
        {
            await origin.DisposeAsync();
        }
        var database = _shared.GetRequiredService<PlatformDatabase>();
        await _shared.DisposeAsync();
        database.DeleteIfTemporary();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
