using Acceptance.Support.Configuration;
using Acceptance.Support.Platform;

namespace Acceptance.Support.Actors;

/// <summary>
/// The one place where a persona's name in the features is mapped to credentials. With the pool (the default)
/// a named persona (Alice, Bob …, as listed in the settings' Personas) is a test user borrowed from the run's
/// <see cref="PersonaPool"/> for one scenario; without it, the account in the environment's settings
/// (Personas:Alice:Email/Password …), passwords outside local only from ACCEPTANCE_ variables or a git-ignored
/// *.local.json file. "Newcomers" are throwaway accounts registered for one scenario.
/// </summary>
public sealed class Personas(PlatformUnderTest platform)
{
    /// <summary>The run's pool, or null when persona names map to the shared accounts of the settings.</summary>
    public static PersonaPool? Pool => TestRunEnvironment.Pool;

    /// <summary>A named persona played, for one scenario, by a test user of the pool.</summary>
    public Persona Borrowed(string name, PoolUser user)
    {
        Known(name);
        return new Persona(name.Trim(), user.Email, user.Password, name.Trim());
    }

    /// <summary>Whether <paramref name="name"/> is a persona of the settings (not an anonymous visitor).</summary>
    public bool IsNamed(string name) => !IsAnonymous(name) && platform.Settings.Personas.ContainsKey(name.Trim());

    private void Known(string name)
    {
        if (!platform.Settings.Personas.ContainsKey(name.Trim())) throw Missing(name);
    }

    public static readonly string[] AnonymousNames = ["an anonymous visitor", "anonymous visitor", "a visitor", "someone", "the visitor"];

    public Persona For(string name)
    {
        if (IsAnonymous(name)) return new Persona("an anonymous visitor", null, null, null);
        if (platform.Settings.Personas.TryGetValue(name, out var settings) && !string.IsNullOrWhiteSpace(settings.Email))
            return new Persona(name, settings.Email, settings.Password, settings.Name ?? name);
        throw Missing(name);
    }

    private ConfigurationFaultException Missing(string name) =>
        new(PersonaRequirements.MissingMessage(name.Trim(), platform.Settings.Environment, platform.Settings.Personas.Keys));

    /// <summary>A fresh account nobody else uses, so a scenario may lock or sign it out freely.</summary>
    public static Persona Newcomer(string name)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return new Persona(name, $"newcomer-{suffix}@example.com", $"throwaway-{Guid.NewGuid():N}", $"Newcomer {suffix}");
    }

    /// <summary>An address that belongs to no account.</summary>
    public static string UnknownEmail() => $"nobody-{Guid.NewGuid().ToString("N")[..12]}@example.com";

    /// <summary>A password that is certainly not the persona's.</summary>
    public static string WrongPassword() => $"wrong-{Guid.NewGuid().ToString("N")[..12]}";

    public static bool IsAnonymous(string name) =>
        AnonymousNames.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase);
}
