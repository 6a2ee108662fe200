using Acceptance.Support.Configuration;

namespace Acceptance.Support.Platform;

/// <summary>Everything a scenario needs to reach the platform under test in this run.</summary>
public sealed record PlatformTargets(
    AcceptanceSettings Settings,
    PlatformEndpoints Endpoints,
    TokenSigning? Signing,
    string? BypassKey,
    bool StartedLocally)
{
    public BudgetSettings Budgets => Settings.Budgets;
}

/// <summary>What it takes to mint tokens the platform accepts: known only for a local platform.</summary>
public sealed record TokenSigning(string Secret, string? Issuer, string? Audience);
