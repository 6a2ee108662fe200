namespace Acceptance.ReferencePlatform.Storage;

public enum RefreshOutcome { Rotated, Unknown, Reused, SessionRevoked }

/// <summary>Sign-in sessions, their refresh tokens (one use each) and revoked access tokens.</summary>
public sealed class SessionStore(PlatformDatabase database)
{
    public string CreateSession(string userId)
    {
        var id = Guid.NewGuid().ToString();
        database.Execute("INSERT INTO sessions (id, user_id, created_at) VALUES ($id, $user, $now)",
            ("$id", id), ("$user", userId), ("$now", PlatformDatabase.Now()));
        return id;
    }

    public bool IsSessionRevoked(string sessionId) =>
        database.Scalar("SELECT revoked_at FROM sessions WHERE id = $id", ("$id", sessionId)) is string;

    public void RevokeSession(string sessionId) =>
        database.Execute("UPDATE sessions SET revoked_at = $now WHERE id = $id AND revoked_at IS NULL",
            ("$id", sessionId), ("$now", PlatformDatabase.Now()));

    public void RecordRefreshToken(string jti, string sessionId, DateTimeOffset expiresAt) =>
        database.Execute("INSERT INTO refresh_tokens (jti, session_id, expires_at) VALUES ($jti, $session, $exp)",
            ("$jti", jti), ("$session", sessionId), ("$exp", PlatformDatabase.Timestamp(expiresAt)));

    /// <summary>Marks a refresh token used, exactly once; a second use is reuse.</summary>
    public RefreshOutcome UseRefreshToken(string jti, string sessionId)
    {
        if (IsSessionRevoked(sessionId))
        {
            return RefreshOutcome.SessionRevoked;
        }
        var updated = database.Execute(
            "UPDATE refresh_tokens SET used_at = $now WHERE jti = $jti AND session_id = $session AND used_at IS NULL",
            ("$jti", jti), ("$session", sessionId), ("$now", PlatformDatabase.Now()));
        if (updated == 1)
        {
            return RefreshOutcome.Rotated;
        }
        var known = database.Scalar("SELECT COUNT(*) FROM refresh_tokens WHERE jti = $jti AND session_id = $session",
            ("$jti", jti), ("$session", sessionId));
        return Convert.ToInt64(known) > 0 ? RefreshOutcome.Reused : RefreshOutcome.Unknown;
    }

    public void RevokeToken(string jti, DateTimeOffset expiresAt) =>
        database.Execute("INSERT OR IGNORE INTO revoked_tokens (jti, expires_at) VALUES ($jti, $exp)",
            ("$jti", jti), ("$exp", PlatformDatabase.Timestamp(expiresAt)));

    public bool IsTokenRevoked(string jti) =>
        Convert.ToInt64(database.Scalar("SELECT COUNT(*) FROM revoked_tokens WHERE jti = $jti", ("$jti", jti))) > 0;
}
