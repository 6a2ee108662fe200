using Acceptance.ReferencePlatform.Agent;
using Acceptance.ReferencePlatform.Api;
using Acceptance.ReferencePlatform.Auth;
using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Oidc;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Hosting;

/// <summary>
/// The state the three origins share (database, sessions, open connections), built once and handed to
/// each origin's own container.
/// </summary>
internal static class PlatformServices
{
    private static readonly Type[] Shared =
    [
        typeof(IOptions<HostingOptions>), typeof(IOptions<StorageOptions>), typeof(IOptions<AuthOptions>),
        typeof(IOptions<RateLimitOptions>), typeof(IOptions<AgentOptions>), typeof(IOptions<FaultOptions>),
        typeof(PlatformUrls), typeof(StartupGate), typeof(PlatformDatabase), typeof(UserStore), typeof(SessionStore),
        typeof(ThreadStore), typeof(TokenService), typeof(LoginThrottle), typeof(AuthService), typeof(ConnectionRegistry),
        typeof(AgentRunner), typeof(ISessionConnections), typeof(IOptions<OidcOptions>), typeof(ProviderTokens), typeof(AccessTokens), typeof(ProviderReadiness),
    ];

    public static ServiceProvider BuildShared(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddOptions();
        services.Configure<HostingOptions>(configuration.GetSection(HostingOptions.Section));
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.Configure<AgentOptions>(configuration.GetSection(AgentOptions.Section));
        services.Configure<FaultOptions>(configuration.GetSection(FaultOptions.Section));
        services.Configure<OidcOptions>(configuration.GetSection(OidcOptions.Section));
        services.AddSingleton<PlatformUrls>();
        services.AddSingleton<StartupGate>();
        services.AddSingleton<PlatformDatabase>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<ThreadStore>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<ISessionConnections>(sp => sp.GetRequiredService<ConnectionRegistry>());
        services.AddSingleton<AuthService>();
        services.AddSingleton<AgentRunner>();
        services.AddSingleton<ProviderTokens>();
        services.AddSingleton<ProviderReadiness>();
        services.AddSingleton<AccessTokens>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Registers the shared instances in an origin's container.</summary>
    public static IServiceCollection AddShared(this IServiceCollection services, IServiceProvider shared)
    {
        foreach (var type in Shared)
        {
            services.AddSingleton(type, shared.GetRequiredService(type));
        }
        return services;
    }

    /// <summary>Refuses settings that would make the platform insecure or unable to start, with a clear message.</summary>
    public static void Validate(IServiceProvider shared)
    {
        var hosting = shared.GetRequiredService<IOptions<HostingOptions>>().Value;
        foreach (var (name, port) in new[] { ("AuthPort", hosting.AuthPort), ("ApiPort", hosting.ApiPort), ("AppPort", hosting.AppPort) })
        {
            if (port is < 0 or > 65535)
            {
                throw new InvalidOperationException($"Platform:{name} must be between 0 and 65535 (was {port}).");
            }
        }
        var jwt = shared.GetRequiredService<IOptions<AuthOptions>>().Value.Jwt;
        if (System.Text.Encoding.UTF8.GetByteCount(jwt.Secret) < JwtOptions.MinimumSecretBytes)
        {
            throw new InvalidOperationException($"Platform:Jwt:Secret must be at least {JwtOptions.MinimumSecretBytes} bytes.");
        }
        if (jwt.AccessTokenSeconds <= 0 || jwt.RefreshTokenSeconds <= 0)
        {
            throw new InvalidOperationException("Platform:Jwt:AccessTokenSeconds and RefreshTokenSeconds must be positive.");
        }
    }
}
