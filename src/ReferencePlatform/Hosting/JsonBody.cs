using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Acceptance.ReferencePlatform.Hosting;

public enum BodyProblem { None, Malformed, TooLarge, NotAnObject }

/// <summary>
/// A request body read by hand, so that malformed JSON, oversized bodies and wrong types each get their
/// own answer instead of the framework's generic 400 or a 500.
/// </summary>
public sealed record JsonBody(JsonElement Root, BodyProblem Problem, string Message)
{
    public const int MaxBytes = 64 * 1024;

    public bool IsValid => Problem == BodyProblem.None;

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
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new JsonBody(document.RootElement.Clone(), BodyProblem.None, "")
                : Fail(BodyProblem.NotAnObject, "Request body must be a JSON object");
        }
        catch (JsonException)
        {
            return Fail(BodyProblem.Malformed, "Request body is not valid JSON");
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
