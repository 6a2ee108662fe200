using Acceptance.Support.Actors;
using Acceptance.Support.Platform;
using Reqnroll;

namespace Acceptance.Support.Tokens;

/// <summary>
/// The tokens the features name ("an expired access token", "her refresh token", …), made from the actor's
/// real session; the one place where those phrases are mapped to tokens.
/// </summary>
public sealed class CraftedTokens(PlatformUnderTest platform)
{
    public string For(string description, Actor actor)
    {
        var session = actor.Session ?? actor.PreviousSession
                      ?? throw new InvalidOperationException($"{actor} has no session to make \"{description}\" from.");
        return description switch
        {
            "her old session" or "his old session" or "their old session" =>
                (actor.PreviousSession ?? throw new InvalidOperationException($"{actor} has no ended session.")).AccessToken,
            "her refresh token" or "his refresh token" or "their refresh token" => session.RefreshToken,
            "a tampered access token" => TokenMinter.Tampered(session.AccessToken),
            "an unsigned access token" => TokenMinter.Unsigned(session.AccessToken),
            "an expired access token" => Signed(session, claims =>
            {
                var issued = DateTimeOffset.UtcNow.AddHours(-2);
                claims["iat"] = issued.ToUnixTimeSeconds();
                claims["exp"] = issued.AddMinutes(15).ToUnixTimeSeconds();
            }),
            "an access token without a token type" => Signed(session, claims =>
            {
                claims.Remove("token_type");
                claims.Remove("type");
            }),
            _ => throw new ArgumentException($"No crafted token is called \"{description}\"."),
        };
    }

    /// <summary>A token signed with the platform's own secret: possible only where the suite knows it (local).</summary>
    private string Signed(Session session, Action<Dictionary<string, object?>> change)
    {
        var signing = platform.Targets.Signing
                      ?? throw new PendingStepException(
                          $"This check signs a token with the platform's secret, which is known only in the local environment (not '{platform.Settings.Environment}'); set ACCEPTANCE_Auth__JwtSecret to run it.");
        var claims = TokenMinter.AccessClaims(session.UserId, session.Email, signing.Issuer, signing.Audience, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15));
        change(claims);
        return TokenMinter.SignHs256(claims, signing.Secret);
    }
}
