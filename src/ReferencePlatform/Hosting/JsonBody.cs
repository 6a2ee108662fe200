using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace Acceptance.ReferencePlatform.Hosting;

public enum BodyProblem { None, Malformed, TooLarge, NotAnObject, NotJson }

/// <summary>
/// A request body read by hand, so that malformed JSON, oversized bodies and wrong types each get their
/// own answer instead of the framework's generic 400 or a 500.
/// </summary>
public sealed record JsonBody(JsonElement Root, BodyProblem Problem, string Message)
{
    public const int MaxBytes = 64 * 1024;

    public bool IsValid => Problem == BodyProblem.None;

    /// <summary>The status a refused body gets, on every origin: 400, 413, 415 or 422.</summary>
    public int Status => Problem switch
    {
        BodyProblem.Malformed => StatusCodes.Status400BadRequest,
        BodyProblem.TooLarge => StatusCodes.Status413PayloadTooLarge,
        BodyProblem.NotJson => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static async Task<JsonBody> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
        {
            return Fail(BodyProblem.TooLarge, $"Request body exceeds {MaxBytes} bytes");
        }
        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    return Fail(BodyProblem.TooLarge, $"Request body exceeds {MaxBytes} bytes");
                }
            }
            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Fail(BodyProblem.TooLarge, $"Request body exceeds {MaxBytes} bytes");
        }
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return new JsonBody(EmptyObject, BodyProblem.None, "");
        }
        if (!IsJsonMediaType(request.ContentType))
        {
            return Fail(BodyProblem.NotJson, "Content-Type must be application/json");
        }
        return Parse(bytes, out var root) switch
        {
            null when root.ValueKind == JsonValueKind.Object => new JsonBody(root, BodyProblem.None, ""),
            null => Fail(BodyProblem.NotAnObject, "Request body must be a JSON object"),
            var problem => Fail(BodyProblem.Malformed, $"Request body is not valid JSON: {problem}"),
        };
    }

    /// <summary>
    /// Parses UTF-8 JSON whose every string can be read as text; returns why not, or null. System.Text.Json
    /// checks the syntax but leaves invalid UTF-8 and unpaired \uD800-style escapes inside strings to the
    /// first read, which would then throw: both are refused here, before any field is read.
    /// </summary>
    public static string? Parse(ReadOnlySpan<byte> bytes, out JsonElement root)
    {
        root = default;
        if (bytes.StartsWith("\xEF\xBB\xBF"u8))
        {
            bytes = bytes[3..];
        }
        if (!Utf8.IsValid(bytes))
        {
            return "it is not valid UTF-8";
        }
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray());
            if (!IsReadableText(document.RootElement))
            {
                return "a string holds an unpaired surrogate escape";
            }
            root = document.RootElement.Clone();
            return null;
        }
        catch (JsonException e)
        {
            return e.LineNumber is { } line ? $"line {line + 1}, position {e.BytePositionInLine + 1}" : "syntax error";
        }
    }

    /// <summary>
    /// application/json, with or without parameters (charset). Routing already refuses other types for endpoints
    /// that declare Accepts("application/json"); a body without any Content-Type reaches the handler and stops here.
    /// </summary>
    public static bool IsJsonMediaType(string? contentType) =>
        !string.IsNullOrWhiteSpace(contentType)
        && contentType.Split(';', 2)[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static bool IsReadableText(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!IsReadableText(property.Value))
                        {
                            return false;
                        }
                    }
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!IsReadableText(item))
                        {
                            return false;
                        }
                    }
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Reads string fields, remembering the first problem (missing or wrongly typed).</summary>
    public Fields ReadFields() => new(Root);

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private static JsonBody Fail(BodyProblem problem, string message) => new(EmptyObject, problem, message);
}

public sealed class Fields(JsonElement root)
{
    public string? Error { get; private set; }

    public string RequiredString(string name, int maxLength = 10_000)
    {
        var value = OptionalString(name, maxLength);
        if (string.IsNullOrWhiteSpace(value))
        {
            Error ??= $"Field '{name}' is required";
        }
        return value ?? "";
    }

    public string? OptionalString(string name, int maxLength = 10_000)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Error ??= $"Field '{name}' must be a string";
            return null;
        }
        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            Error ??= $"Field '{name}' must be at most {maxLength} characters";
        }
        return text;
    }
}
