namespace Acceptance.Support.Configuration;

/// <summary>
/// The personas the features name, which every environment's settings must define (Personas:&lt;Name&gt;:Email):
/// Alice and Bob always, and the developer (Dev) where the quick dev sign-in is offered. The pre-flight checks them
/// before any scenario runs, so a missing one stops the run with the setting to fix instead of breaking scenarios.
/// </summary>
public static class PersonaRequirements
{
    public const string Developer = "Dev";

    public static IReadOnlyList<string> Required(bool devLoginOffered) => devLoginOffered ? ["Alice", "Bob", Developer] : ["Alice", "Bob"];

    /// <summary>What a missing persona's setting is called and where it goes.</summary>
    public static string MissingMessage(string name, string environment, IEnumerable<string> known) =>
        $"No persona named \"{name}\" in the {environment} settings (known: {string.Join(", ", known)}): " +
        $"set Personas:{name}:Email in Support/Environments/{environment}.json or ACCEPTANCE_Personas__{name}__Email.";

    /// <summary>One line per required persona the settings lack (or give no email).</summary>
    public static IEnumerable<string> Missing(AcceptanceSettings settings, bool devLoginOffered) =>
        Required(devLoginOffered)
            .Where(name => !settings.Personas.TryGetValue(name, out var persona) || string.IsNullOrWhiteSpace(persona.Email))
            .Select(name => MissingMessage(name, settings.Environment, settings.Personas.Keys) +
                            (name == Developer ? " The deployment offers the quick dev sign-in; or declare Capabilities:DevLogin false." : ""));
}
