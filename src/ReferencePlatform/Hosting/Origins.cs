using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using Acceptance.ReferencePlatform.Agent;
using Acceptance.ReferencePlatform.Api;
using Acceptance.ReferencePlatform.App;
using Acceptance.ReferencePlatform.Auth;
using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Oidc;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Hosting;

/// <summary>The three origins, each a small web application over the shared state.</summary>
internal static class Origins
{
    public static WebApplication BuildAuth(IServiceProvider shared, int port)
    {
        var provider = shared.GetRequiredService<IOptions<OidcOptions>>().Value.Enabled;
        var builder = CreateBuilder(shared, port);
        builder.Services.AddAppOriginCors();
        builder.Services.AddPlatformOpenApi("Reference platform: auth origin",
            "The identity service of contract v1: sign-in, sessions, tokens. Errors are {\"detail\"}.");
        if (provider)
        {
            builder.Services.AddIdentityProvider(shared);
        }
        var app = builder.Build();
        if (provider)
        {
            app.UseIdentityProviderForwarding();
        }
        app.UsePlatformPipeline(AuthErrors.Write);
        app.UseCors();
        app.MapPlatformOpenApi();
        app.MapHealthApi("auth");
        app.MapAuthApi();
        if (provider)
        {
            // Only the provider's paths go through authentication (OpenIddict's handler): v1 calls and /health never
            // wait for it.
            app.UseWhen(IdentityProvider.IsProviderRequest, branch => branch.UseProviderReadiness().UseAuthentication());
            // REVIEW: WebApplication adds UseAuthentication to the whole pipeline unless told it is there already;
            // the branch above does not tell it.
            ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
            app.MapIdentityProviderApi();
            shared.GetRequiredService<ProviderTokens>().Attach(app.Services);
        }
        return app;
    }

    public static WebApplication BuildApi(IServiceProvider shared, int port)
    {
        var webSocketPath = shared.GetRequiredService<IOptions<FaultOptions>>().Value.EffectiveWebSocketPath;
        var builder = CreateBuilder(shared, port);
        builder.Services.AddAppOriginCors();
        builder.Services.AddPerUserRateLimit(shared.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        builder.Services.AddHostedService(_ => new CloseAgentConnectionsOnStop(shared.GetRequiredService<ConnectionRegistry>()));
        builder.Services.AddPlatformOpenApi("Reference platform: api origin",
            "The backend of contract v1: conversations over REST (Bearer token on every /api/* call but /api/health) " +
            "and the agent channel's handshake (its messages: docs/asyncapi.yaml). Errors are {error, error_code, message, request_id}.");
        var app = builder.Build();
        app.UsePlatformPipeline(ApiErrors.Write);
        app.UseCors();
        app.UseCallerAuthentication("/api/health", webSocketPath);
        app.UseRateLimiter();
        app.UseWebSockets();
        app.MapPlatformOpenApi();
        app.MapHealthApi("api");
        app.MapApiHealthApi();
        app.MapThreadsApi();
        app.MapAgentsApi();
        app.MapAgentSocketApi(webSocketPath);
        return app;
    }

    public static WebApplication BuildApp(IServiceProvider shared, int port)
    {
        var app = CreateBuilder(shared, port).Build();
        app.UsePlatformPipeline((context, status, _, message) =>
        {
            context.Response.StatusCode = status;
            return context.Response.WriteAsync(message);
        });
        app.UseAppStaticFiles();
        app.MapAppApi();
        return app;
    }

    /// <summary>The address an origin actually bound (its port may have been 0).</summary>
    public static Uri BoundUrl(WebApplication app)
    {
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    private static WebApplicationBuilder CreateBuilder(IServiceProvider shared, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Origins).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            // No file watchers for appsettings: three origins each watching would spend the machine's inotify
            // instances (128 per user) when a test starts several platforms; the configuration never changes at run time.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = JsonBody.MaxBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // Logs go to stderr, so stdout carries only the "listening" lines.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, UnmanagedLifetime>();
        builder.Services.Configure<HostOptions>(o =>
            o.ShutdownTimeout = TimeSpan.FromSeconds(shared.GetRequiredService<IOptions<HostingOptions>>().Value.ShutdownTimeoutSeconds));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            // Numbers are numbers (the web default also reads them from strings, which the OpenAPI document would then allow).
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        builder.Services.AddShared(shared);
        return builder;
    }

    /// <summary>CORS for exactly the app origin, with the two headers the web app sends.</summary>
    private static IServiceCollection AddAppOriginCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<PlatformUrls>((cors, urls) => cors.AddDefaultPolicy(policy => policy
            .SetIsOriginAllowed(urls.IsAppOrigin)
            .WithHeaders("Authorization", "Content-Type")
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithExposedHeaders(RequestPipeline.RequestIdHeader, "Retry-After")));
        return services;
    }

    /// <summary>A fixed window per signed-in user; anonymous calls are refused before this anyway.</summary>
    private static IServiceCollection AddPerUserRateLimit(this IServiceCollection services, RateLimitOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Features.Get<Caller>() is { } caller
                    ? RateLimitPartition.GetFixedWindowLimiter(caller.UserId, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = Math.Max(1, options.PermitsPerMinute),
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = async (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                await ApiErrors.Write(rejected.HttpContext, StatusCodes.Status429TooManyRequests, ApiErrors.RateLimited,
                    "Rate limit exceeded; try again later");
            };
        });
        return services;
    }
}

/// <summary>The origins do not listen for Ctrl+C themselves: the host that owns all three stops them together.</summary>
internal sealed class UnmanagedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Before the server stops (and aborts what is still open after its shutdown timeout), every open agent channel is
/// closed properly with 1001: awaited, not blocking a thread in an ApplicationStopping callback, which on a loaded
/// machine left the close to a starved thread pool and the client saw the socket dropped without a close frame.
/// </summary>
internal sealed class CloseAgentConnectionsOnStop(ConnectionRegistry connections) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) =>
        connections.CloseAllAsync("Server stopping").WaitAsync(TimeSpan.FromSeconds(2), cancellationToken)
            .ContinueWith(_ => { }, TaskScheduler.Default); // a close that did not finish in time is aborted by the server

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
