using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Auth;

public sealed record UserView(string Id, string Email, string Name);

public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn, int RefreshExpiresIn, UserView User);

/// <summary>Closes the open connections of a session (the agent WebSockets) when it is revoked.</summary>
public interface ISessionConnections
{
    Task CloseSessionAsync(string sessionId, string reason);
}

/// <summary>Sessions: sign-in, refresh with rotation and reuse detection, sign-out with revocation.</summary>
public sealed class AuthService(
    UserStore users, SessionStore sessions, TokenService tokens, IOptions<AuthOptions> options, ISessionConnections connections,
    IOptions<FaultOptions> faults)
{
    public TokenPair SignIn(PlatformUser user) => IssuePair(user, sessions.CreateSession(user.Id));

    /// <summary>Rotates a refresh token. Reusing a rotated one revokes its whole session.</summary>
    public async Task<(TokenPair? Pair, string Error)> RefreshAsync(string refreshToken)
    {
        var check = tokens.Validate(refreshToken, TokenTypes.Refresh, checkRevocation: false);
        if (!check.IsValid || check.Claims!.SessionId is not { } sessionId)
        {
            return (null, "Invalid refresh token");
        }
        switch (sessions.UseRefreshToken(check.Claims.Jti, sessionId))
        {
            case RefreshOutcome.Rotated when users.FindById(check.Claims.Subject) is { } user:
                return (IssuePair(user, sessionId), "");
            case RefreshOutcome.Reused when faults.Value.RefreshRotationNotEnforced && users.FindById(check.Claims.Subject) is { } again:
                // Fault: a used refresh token is taken again as if it were new.
                return (IssuePair(again, sessionId), "");
            case RefreshOutcome.Reused:
                sessions.RevokeSession(sessionId);
                await connections.CloseSessionAsync(sessionId, "Session revoked");
                return (null, "Refresh token reuse detected; the session has been revoked");
            case RefreshOutcome.SessionRevoked:
                return (null, "Session has been revoked");
            default:
                return (null, "Invalid refresh token");
        }
    }

    public async Task SignOutAsync(TokenClaims access)
    {
        sessions.RevokeToken(access.Jti, access.ExpiresAt);
        if (access.SessionId is { } sessionId)
        {
            sessions.RevokeSession(sessionId);
            await connections.CloseSessionAsync(sessionId, "Signed out");
        }
    }

    private TokenPair IssuePair(PlatformUser user, string sessionId)
    {
        var (access, _) = tokens.Issue(user, sessionId, TokenTypes.Access);
        var (refresh, refreshClaims) = tokens.Issue(user, sessionId, TokenTypes.Refresh);
        sessions.RecordRefreshToken(refreshClaims.Jti, sessionId, refreshClaims.ExpiresAt);
        var jwt = options.Value.Jwt;
        return new TokenPair(access, refresh, "Bearer", jwt.AccessTokenSeconds, jwt.RefreshTokenSeconds,
            new UserView(user.Id, user.Email, user.Name));
    }
}
