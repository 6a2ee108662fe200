namespace Acceptance.ReferencePlatform.Auth;

/// <summary>The identity service's settings (section "Platform").</summary>
public sealed class AuthOptions
{
    public const string Section = "Platform";

    /// <summary>Development mode enables the quick dev sign-in (POST /auth/dev/login).</summary>
    public bool DevelopmentMode { get; set; } = true;

    /// <summary>Production refuses the e2e test-auth bypass even when a key is configured.</summary>
    public bool Production { get; set; }

    /// <summary>Key for POST /auth/e2e/test-auth; unset means that call answers 503.</summary>
    public string? E2EBypassKey { get; set; }

    public JwtOptions Jwt { get; set; } = new();

    public LockoutOptions Lockout { get; set; } = new();
}

public sealed class JwtOptions
{
    public const int MinimumSecretBytes = 32;
    public const int MaximumClockSkewSeconds = 30;

    public string Secret { get; set; } = "reference-platform-development-secret-not-for-production-0001";
    public string Issuer { get; set; } = "reference-platform-auth";
    public string Audience { get; set; } = "reference-platform";
    public int AccessTokenSeconds { get; set; } = 900;
    public int RefreshTokenSeconds { get; set; } = 604800;

    /// <summary>Tolerance for expiry; capped at 30 s. Lower it to test expiry quickly.</summary>
    public int ClockSkewSeconds { get; set; } = MaximumClockSkewSeconds;
}

public sealed class LockoutOptions
{
    public int MaxFailures { get; set; } = 5;
    public int WindowSeconds { get; set; } = 900;
}
