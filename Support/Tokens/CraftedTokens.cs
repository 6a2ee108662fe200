using Acceptance.Support.Actors;
using Acceptance.Support.Platform;
using NUnit.Framework;

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

    /// <summary>
    /// A genuine access token for the actor that expires after the lifetime given, with the moment from which the
    /// platform must refuse it (its expiry plus the platform's clock skew).
    /// </summary>
    public (string Token, DateTimeOffset RefusedFrom) ExpiringIn(Actor actor, TimeSpan lifetime)
    {
        var session = actor.RequireSession();
        var issued = DateTimeOffset.UtcNow;
        string token = Signed(session, claims => claims["exp"] = (issued + lifetime).ToUnixTimeSeconds());
        var expiry = DateTimeOffset.FromUnixTimeSeconds((issued + lifetime).ToUnixTimeSeconds());
        var skew = platform.Targets.StartedLocally ? TimeSpan.Zero : TimeSpan.FromSeconds(platform.Settings.Capabilities.TokenClockSkewSeconds);
        return (token, expiry + skew + TimeSpan.FromSeconds(1));
    }

    /// <summary>A genuine access token for the actor that belongs to no sign-in session (as a service would issue one).</summary>
    public string StandAlone(Actor actor) => Signed(actor.RequireSession(), _ => { });

    /// <summary>A token signed with the platform's own secret: possible only where the suite knows it.</summary>
    private string Signed(Session session, Action<Dictionary<string, object?>> change)
    {
        var signing = platform.Targets.Signing;
        if (signing is null)
            Assert.Ignore("Not run: this check signs a token with the platform's secret, which the suite knows only where it starts " +
                          $"the reference platform (environment '{platform.Settings.Environment}'); set ACCEPTANCE_Auth__JwtSecret to run it.");
        var claims = TokenMinter.AccessClaims(session.UserId, session.Email, signing!.Issuer, signing.Audience, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15));
        change(claims);
        return TokenMinter.SignHs256(claims, signing.Secret);
    }
}
