using System.Text.Json;
using System.Text.RegularExpressions;

namespace Acceptance.LivingDoc.Model;

/// <summary>One fault proven to turn a step red: the fault switched on, and the scenario that caught it.</summary>
public sealed record DetectionProof(string Fault, string? Setting, string? Scenario, string? Feature, string? Message);

/// <summary>A step sentence of the detection matrix and the faults proven to make it fail.</summary>
public sealed class ProvenStep
{
    public string Keyword { get; init; } = "Then";
    public required string Expression { get; init; }
    public string? Pattern { get; init; }
    public string? Binding { get; init; }
    public List<DetectionProof> Proofs { get; } = new();
    /// <summary>The step's regular expression; null when it has none or it does not compile (then no spec step is marked with it).</summary>
    public Regex? Regex { get; init; }
    /// <summary>How many steps of the specification it matched (filled while the Specification view is rendered).</summary>
    public int Uses { get; set; }
    public bool Proven => Proofs.Count > 0;
}

/// <summary>
/// The suite's detection matrix (docs/detection-matrix.json, schema acceptance-detection-matrix/1): for each Then
/// step, the faults proven to turn it red. Read once; spec steps are matched by their text, each text once.
/// </summary>
public sealed class DetectionMatrix
{
    public const string Schema = "acceptance-detection-matrix/1";

    public required string Path { get; init; }
    public List<ProvenStep> Steps { get; } = new();
    /// <summary>Then steps of the specification that no step of the matrix matches (filled while the Specification view is rendered).</summary>
    public SortedSet<string> Unlisted { get; } = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Keyword, string Text), ProvenStep?> _matches = new();

    /// <summary>
    /// The matrix step a spec step's text matches, for a step whose keyword (after And/But took the one before) is
    /// <paramref name="keyword"/>; proven steps first. Cached by keyword and text, so each distinct text is matched once.
    /// </summary>
    public ProvenStep? Match(string keyword, string text)
    {
        if (_matches.TryGetValue((keyword, text), out var cached)) return cached;
        ProvenStep? found = null;
        foreach (var step in Steps)
        {
            if (step.Regex is null || (found is not null && !step.Proven)) continue;
            if (!string.Equals(step.Keyword.Trim(), keyword, StringComparison.OrdinalIgnoreCase) && step.Keyword.Trim() is not ("" or "*")) continue;
            bool hit;
            try { hit = step.Regex.IsMatch(text); }
            catch (RegexMatchTimeoutException) { hit = false; }
            if (!hit) continue;
            found = step;
            if (step.Proven) break;
        }
        return _matches[(keyword, text)] = found;
    }

    /// <summary>Reads the file; a missing or malformed file (or step) is a warning and gives null (or skips the step).</summary>
    public static DetectionMatrix? Read(string? path, List<string> warnings)
    {
        if (path is null) return null;
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            warnings.Add($"Detection matrix not found: {full}; the Proof view is left out.");
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(full));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array)
            {
                warnings.Add($"{full}: not a detection matrix (expected {{\"schema\": \"{Schema}\", \"steps\": [...]}}); the Proof view is left out.");
                return null;
            }
            if (Str(root, "schema") is { } schema && schema != Schema)
                warnings.Add($"{full}: schema {schema}, not {Schema}; read as far as it is understood.");
            var matrix = new DetectionMatrix { Path = full };
            var index = 0;
            foreach (var step in steps.EnumerateArray())
            {
                index++;
                var expression = step.ValueKind == JsonValueKind.Object ? Str(step, "expression") ?? Str(step, "regex") : null;
                if (expression is null)
                {
                    warnings.Add($"{full}: step {index} has no expression; skipped.");
                    continue;
                }
                var pattern = Str(step, "regex");
                Regex? regex = null;
                if (pattern is not null)
                {
                    try { regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)); }
                    catch (ArgumentException e) { warnings.Add($"{full}: step {index} ({expression}) has a regex that does not compile ({e.Message}); its steps are not marked."); }
                }
                else warnings.Add($"{full}: step {index} ({expression}) has no regex; its steps are not marked.");
                var proven = new ProvenStep
                {
                    Keyword = Str(step, "keyword") ?? "Then", Expression = expression, Pattern = pattern, Binding = Str(step, "binding"), Regex = regex,
                };
                if (step.TryGetProperty("proofs", out var proofs) && proofs.ValueKind == JsonValueKind.Array)
                    foreach (var proof in proofs.EnumerateArray())
                        if (proof.ValueKind == JsonValueKind.Object && Str(proof, "fault") is { } fault)
                            proven.Proofs.Add(new DetectionProof(fault, Str(proof, "setting"), Str(proof, "scenario"), Str(proof, "feature"), Str(proof, "message")));
                matrix.Steps.Add(proven);
            }
            return matrix;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            warnings.Add($"{full}: detection matrix unreadable ({e.Message}); the Proof view is left out.");
            return null;
        }
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
