namespace Acceptance.ReferencePlatform.Api;

/// <summary>The per-user request limit of the backend (section "Platform:RateLimit").</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Platform:RateLimit";

    public int PermitsPerMinute { get; set; } = 1000;
}
