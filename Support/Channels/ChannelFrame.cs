using System.Text.Json;
using Acceptance.Support.Evidence;

namespace Acceptance.Support.Channels;

/// <summary>A frame of the agent channel as the client saw it, with its time offset from the opening.</summary>
public sealed class ChannelFrame
{
    public ChannelFrame(int index, FrameDirection direction, TimeSpan offset, string payload)
    {
        Index = index;
        Direction = direction;
        Offset = offset;
        Payload = payload;
        if (direction is FrameDirection.Sent or FrameDirection.Received)
        {
            try
            {
                using var document = JsonDocument.Parse(payload);
                Json = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                Json = null;
            }
        }
    }

    public int Index { get; }
    public FrameDirection Direction { get; }
    public TimeSpan Offset { get; }
    public string Payload { get; }
    public JsonElement? Json { get; }

    public bool IsReceived => Direction == FrameDirection.Received;

    /// <summary>The frame's "type", or null when it has none or is not JSON.</summary>
    public string? Type => Field("type");

    public string? Field(string name) =>
        Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A field at the top level or inside "data" (where the contract nests it).</summary>
    public string? FieldAnywhere(string name)
    {
        if (Field(name) is { } top) return top;
        if (Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("data", out var data) &&
            data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            return value.GetString();
        return null;
    }

    public override string ToString() => Describe(Payload);

    /// <summary>The frame as one transcript line, with the payload given (e.g. redacted).</summary>
    public string Describe(string payload)
    {
        var arrow = Direction switch
        {
            FrameDirection.Sent => "→",
            FrameDirection.Received => "←",
            FrameDirection.Opened => "opened",
            FrameDirection.Closed => "closed",
            _ => "refused",
        };
        return $"+{Offset.TotalSeconds:0.000}s {arrow} {payload}";
    }
}
