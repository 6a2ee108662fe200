namespace Acceptance.StepDefinitions;

/// <summary>The patterns the steps share, so every step names actors and tokens the same way.</summary>
internal static class StepPatterns
{
    /// <summary>Who acts: a persona, the scenario's newcomer, or somebody not signed in.</summary>
    public const string Actor = "(Alice|Bob|the newcomer|someone|an anonymous visitor)";

    public const string Pronoun = "(?:her|his|their)";
}
