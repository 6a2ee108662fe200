using System.Net;
using System.Text.Json;

namespace Acceptance.Support.Http;

/// <summary>An HTTP response reduced to what drivers read: status, headers, and the body parsed when it is JSON.</summary>
public sealed class ApiResponse
{
    public ApiResponse(int status, IReadOnlyDictionary<string, string> headers, string? body, string? transportError)
    {
        Status = status;
        Headers = headers;
        Body = body;
        TransportError = transportError;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                Json = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                Json = null;
            }
        }
    }

    public int Status { get; }
    public IReadOnlyDictionary<string, string> Headers { get; }
    public string? Body { get; }
    public JsonElement? Json { get; }
    public string? TransportError { get; }

    public bool IsSuccess => Status is >= 200 and < 300;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? Text(string name) =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()
            : null;

    public JsonElement? Element(string name) =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out var value) ? value : null;

    public string Describe() =>
        TransportError is not null ? $"no response ({TransportError})" : $"HTTP {Status} {(HttpStatusCode)Status} {Body}";
}
