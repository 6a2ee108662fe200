using System.Text.Json;
using Json.Schema;

namespace Acceptance.Support.Schemas;

/// <summary>
/// The agent channel's JSON Schemas, one per message type, client and server (Support/Schemas/{type}.schema.json,
/// the payloads of docs/asyncapi.yaml; kept in the repository and copied beside the test assembly), validated
/// with JsonSchema.Net, formats included.
/// </summary>
public sealed class MessageSchemas
{
    private static readonly Lazy<MessageSchemas> Shared = new(() => Load(DefaultDirectory()));

    private readonly IReadOnlyDictionary<string, JsonSchema> _schemas;

    private MessageSchemas(IReadOnlyDictionary<string, JsonSchema> schemas) => _schemas = schemas;

    public static MessageSchemas Default => Shared.Value;

    public IReadOnlyCollection<string> EventTypes => _schemas.Keys.ToList();

    public static MessageSchemas Load(string directory)
    {
        var files = Directory.GetFiles(directory, "*.schema.json");
        if (files.Length == 0) throw new FileNotFoundException($"No *.schema.json files in {directory}.");
        var schemas = files.ToDictionary(
            file => Path.GetFileName(file)[..^".schema.json".Length],
            file => JsonSchema.FromText(File.ReadAllText(file)),
            StringComparer.Ordinal);
        return new MessageSchemas(schemas);
    }

    public static string DefaultDirectory()
    {
        var besideAssembly = Path.Combine(AppContext.BaseDirectory, "Support", "Schemas");
        return Directory.Exists(besideAssembly) && Directory.GetFiles(besideAssembly, "*.schema.json").Length > 0
            ? besideAssembly
            : Path.Combine(Platform.RepositoryRoot.Find(), "Support", "Schemas");
    }

    /// <summary>Validates an event against the schema of its own "type"; the problems found, empty when valid.</summary>
    public IReadOnlyList<string> Problems(string eventJson)
    {
        JsonElement element;
        try
        {
            using var document = JsonDocument.Parse(eventJson);
            element = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            return [$"not JSON: {exception.Message}"];
        }
        var type = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()!
            : null;
        if (type is null) return ["it has no string \"type\" field"];
        return Problems(type, element);
    }

    public IReadOnlyList<string> Problems(string eventType, JsonElement element)
    {
        if (!_schemas.TryGetValue(eventType, out var schema))
            return [$"no schema for event type \"{eventType}\" (known: {string.Join(", ", _schemas.Keys)})"];
        var result = schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid) return [];
        var problems = new List<string>();
        Collect(result, problems);
        return problems.Count > 0 ? problems : ["it does not match its schema"];
    }

    private static void Collect(EvaluationResults result, List<string> problems)
    {
        if (result.Errors is { Count: > 0 } errors)
            foreach (var (keyword, message) in errors)
                problems.Add($"{(result.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {message} ({keyword})");
        if (result.Details is { } details)
            foreach (var detail in details) Collect(detail, problems);
    }
}
