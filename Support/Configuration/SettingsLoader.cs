using Microsoft.Extensions.Configuration;

namespace Acceptance.Support.Configuration;

/// <summary>
/// Builds <see cref="AcceptanceSettings"/>, later sources winning:
/// Environments/{env}.json → Environments/{env}.local.json (git-ignored, optional) → ACCEPTANCE_* environment variables.
/// </summary>
public static class SettingsLoader
{
    public const string Prefix = "ACCEPTANCE_";
    public const string EnvironmentVariable = Prefix + "ENV";
    public const string DefaultEnvironment = "local";

    /// <summary>Loads from the Environments folder copied beside the test assembly.</summary>
    public static AcceptanceSettings Load() => Load(DefaultDirectory());

    public static AcceptanceSettings Load(string environmentsDirectory)
    {
        var environment = System.Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(environment)) environment = DefaultEnvironment;

        var file = Path.Combine(environmentsDirectory, $"{environment}.json");
        if (!File.Exists(file))
            throw new InvalidOperationException(
                $"{EnvironmentVariable}={environment} has no settings file: {file} does not exist.");

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(file, optional: false, reloadOnChange: false)
            .AddJsonFile(Path.Combine(environmentsDirectory, $"{environment}.local.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(Prefix)
            .Build();

        var settings = new AcceptanceSettings();
        configuration.Bind(settings);
        settings.Environment = environment;
        Validate(settings);
        return settings;
    }

    public static string DefaultDirectory()
    {
        var besideAssembly = Path.Combine(AppContext.BaseDirectory, "Support", "Environments");
        if (Directory.Exists(besideAssembly)) return besideAssembly;
        return Path.Combine(Platform.RepositoryRoot.Find(), "Support", "Environments");
    }

    private static void Validate(AcceptanceSettings settings)
    {
        if (!AuthStrategies.All.Contains(settings.Auth.Strategy, StringComparer.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"Auth:Strategy '{settings.Auth.Strategy}' is unknown; use one of {string.Join(", ", AuthStrategies.All)}.");
        if (string.Equals(settings.Auth.Strategy, AuthStrategies.LocalToken, StringComparison.OrdinalIgnoreCase) && !settings.IsLocal)
            throw new InvalidOperationException(
                $"Auth:Strategy '{AuthStrategies.LocalToken}' signs tokens with the platform's secret and is allowed only in the local environment, not '{settings.Environment}'.");
        var endpoints = settings.Endpoints;
        if (endpoints.AnyGiven && (string.IsNullOrWhiteSpace(endpoints.Auth) || string.IsNullOrWhiteSpace(endpoints.Api)))
            throw new InvalidOperationException(
                "Endpoints are partly given: set at least both Endpoints:Auth and Endpoints:Api (ACCEPTANCE_Endpoints__Auth, ACCEPTANCE_Endpoints__Api), or none to start the reference platform locally.");
    }
}
