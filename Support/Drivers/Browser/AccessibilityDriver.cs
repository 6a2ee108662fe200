using Deque.AxeCore.Playwright;

namespace Acceptance.Support.Drivers.Browser;

public sealed record AccessibilityViolation(string Rule, string Impact, string Help, int Nodes);

/// <summary>Runs axe-core on the current page and returns the violations found.</summary>
public sealed class AccessibilityDriver(BrowserSession browser, Evidence.ScenarioEvidence evidence)
{
    public async Task<IReadOnlyList<AccessibilityViolation>> ScanAsync()
    {
        var results = await browser.Page.RunAxe();
        var violations = results.Violations
            .Select(v => new AccessibilityViolation(v.Id, v.Impact ?? "unknown", v.Help, v.Nodes?.Length ?? 0))
            .ToList();
        foreach (var violation in violations)
            evidence.Note($"[axe] {violation.Impact}: {violation.Rule} — {violation.Help} ({violation.Nodes} element(s))");
        var passed = results.Passes?.Length ?? 0;
        evidence.Note($"[axe] {violations.Count} violation(s) and {passed} rule(s) passed on {browser.Page.Url}");
        // No violation on a page where axe checked nothing (blank, not loaded, axe not injected) proves nothing.
        if (passed == 0 && violations.Count == 0)
            throw new InvalidOperationException($"axe-core checked nothing on {browser.Page.Url}: no rule passed or failed, so the page cannot be judged.");
        return violations;
    }
}
