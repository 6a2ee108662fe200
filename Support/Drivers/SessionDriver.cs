using System.Collections.Concurrent;
using Acceptance.Support.Actors;
using Acceptance.Support.Configuration;
using Acceptance.Support.Platform;
using Acceptance.Support.Tokens;

namespace Acceptance.Support.Drivers;

/// <summary>
/// Gives an actor a session by the environment's auth strategy (Auth:Strategy): password sign-in, dev sign-in,
/// the e2e bypass key, a token signed locally with the platform's secret (local only), or code + PKCE through
/// the OpenID Connect provider in a browser (oidc).
/// Scenarios about signing in itself use <see cref="IdentityDriver"/> directly and ignore the strategy.
/// </summary>
public sealed class SessionDriver(IdentityDriver identity, PlatformUnderTest platform, Evidence.ScenarioEvidence evidence, Oidc.OidcDriver oidc)
{
    // The local-token strategy learns a persona's user id once per run (ids are made by the platform).
    private static readonly ConcurrentDictionary<string, string> LearnedUserIds = new(StringComparer.OrdinalIgnoreCase);

    public async Task<Session> SignInAsync(Actor actor)
    {
        if (actor.Persona.IsAnonymous) throw new InvalidOperationException("An anonymous visitor cannot sign in.");
        var strategy = platform.Settings.Auth.Strategy.ToLowerInvariant();
        evidence.Note($"{actor} signs in ({strategy} strategy)");
        var session = strategy switch
        {
            AuthStrategies.Dev => await DevAsync(actor),
            AuthStrategies.E2EBypass => await BypassAsync(actor),
            AuthStrategies.LocalToken => await LocalTokenAsync(actor),
            AuthStrategies.Oidc => (await oidc.SignInAsync(actor)).Session,
            _ => await PasswordAsync(actor),
        };
        actor.Session = session;
        return session;
    }

    /// <summary>Registers a newcomer (a throwaway account) and signs them in.</summary>
    public async Task<Session> RegisterAsync(Actor actor)
    {
        evidence.Redactor.AddSecret(actor.Persona.Password);
        var result = await identity.RegisterAsync(actor, actor.Persona);
        actor.Session = result.Session ?? throw new InvalidOperationException($"Registering {actor} failed: {result.Outcome.Evidence}");
        return actor.Session;
    }

    private async Task<Session> PasswordAsync(Actor actor)
    {
        var persona = actor.Persona;
        if (string.IsNullOrEmpty(persona.Password))
            throw new InvalidOperationException(
                $"{actor} has no password in the {platform.Settings.Environment} settings: set ACCEPTANCE_Personas__{actor.Name}__Password.");
        var result = await identity.SignInAsync(actor, persona.Email, persona.Password, $"{actor} signs in");
        return result.Session ?? throw new InvalidOperationException($"{actor} could not sign in: {result.Outcome.Evidence}");
    }

    private async Task<Session> DevAsync(Actor actor)
    {
        // The dev sign-in always gives the one dev user: a second persona would share it and spoil isolation.
        var result = await identity.DevSignInAsync(actor);
        var session = result.Session ?? throw new InvalidOperationException($"Dev sign-in failed: {result.Outcome.Evidence}");
        if (!string.Equals(session.Email, actor.Persona.Email, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"The dev strategy signs in only the dev user ({session.Email}); {actor} ({actor.Persona.Email}) needs another strategy.");
        return session;
    }

    private async Task<Session> BypassAsync(Actor actor)
    {
        var key = platform.Targets.BypassKey
                  ?? throw new InvalidOperationException("The e2e-bypass strategy needs ACCEPTANCE_Auth__E2EBypassKey.");
        var result = await identity.BypassSignInAsync(actor, key, actor.Persona.Email!, actor.Persona.DisplayName);
        return result.Session ?? throw new InvalidOperationException($"E2E bypass sign-in failed for {actor}: {result.Outcome.Evidence}");
    }

    private async Task<Session> LocalTokenAsync(Actor actor)
    {
        var signing = platform.Targets.Signing
                      ?? throw new InvalidOperationException("The local-token strategy needs the platform's JWT secret (local only).");
        var email = actor.Persona.Email!;
        if (!LearnedUserIds.TryGetValue(email, out var userId))
        {
            var learned = await PasswordAsync(actor);
            userId = learned.UserId;
            LearnedUserIds[email] = userId;
        }
        var claims = TokenMinter.AccessClaims(userId, email, signing.Issuer, signing.Audience, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15));
        var token = TokenMinter.SignHs256(claims, signing.Secret);
        return new Session(token, "", userId, email);
    }
}
