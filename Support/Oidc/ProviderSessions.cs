using Acceptance.Support.Actors;

namespace Acceptance.Support.Oidc;

/// <summary>What one scenario got from the provider, by actor: the last sign-in, its rotated refresh token, an unredeemed code.</summary>
public sealed class ProviderSessions
{
    private readonly Dictionary<string, OidcSignIn> _signIns = new();
    private readonly Dictionary<string, IssuedCode> _codes = new();
    private readonly Dictionary<string, string> _oldRefreshTokens = new();

    public void Record(Actor actor, OidcSignIn signIn) => _signIns[actor.Name] = signIn;

    public OidcSignIn Of(Actor actor) => _signIns.TryGetValue(actor.Name, out var signIn)
        ? signIn
        : throw new InvalidOperationException($"{actor} has not signed in through the identity provider in this scenario.");

    public void RecordCode(Actor actor, IssuedCode code) => _codes[actor.Name] = code;

    public IssuedCode CodeOf(Actor actor) => _codes.TryGetValue(actor.Name, out var code)
        ? code
        : throw new InvalidOperationException($"{actor} has not been given a sign-in code in this scenario.");

    public void RecordRotation(Actor actor, string oldRefreshToken) => _oldRefreshTokens[actor.Name] = oldRefreshToken;

    public string OldRefreshTokenOf(Actor actor) => _oldRefreshTokens.TryGetValue(actor.Name, out var token)
        ? token
        : throw new InvalidOperationException($"{actor} has not refreshed a provider session in this scenario.");
}
