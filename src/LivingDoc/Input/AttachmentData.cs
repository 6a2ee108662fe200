using System.Text.Json;

namespace Acceptance.LivingDoc.Input;

/// <summary>
/// An attachment message taken out of its ndjson line as soon as it is read: a base64 body is decoded straight from
/// the line's UTF-8 bytes (no UTF-16 copy of it), so the line need not be kept until the executions are built.
/// </summary>
public sealed class AttachmentData
{
    public string MediaType { get; init; } = "application/octet-stream";
    public string? FileName { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset? At { get; init; }
    public bool Base64 { get; init; }
    /// <summary>The body as the message gave it, when it is text (IDENTITY) or base64 that would not decode.</summary>
    public string? Text { get; init; }
    /// <summary>The decoded body of a base64 attachment.</summary>
    public byte[]? Bytes { get; init; }
    /// <summary>Characters of the body as written in the message (0: no body).</summary>
    public int BodyLength { get; init; }

    public static AttachmentData From(JsonElement attachment)
    {
        var base64 = MessageReader.Str(attachment, "contentEncoding") == "BASE64";
        string? text = null;
        byte[]? bytes = null;
        var length = 0;
        if (attachment.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String)
        {
            if (base64 && body.TryGetBytesFromBase64(out var decoded))
            {
                bytes = decoded;
                length = (decoded.Length + 2) / 3 * 4;
            }
            else
            {
                text = body.GetString() ?? "";
                length = text.Length;
                if (base64)
                {
                    // Not strict base64 (whitespace, say): as lenient as Convert is; else it stays damaged text.
                    try { bytes = Convert.FromBase64String(text); text = null; }
                    catch (FormatException) { }
                }
            }
        }
        return new AttachmentData
        {
            MediaType = MessageReader.Str(attachment, "mediaType") ?? "application/octet-stream",
            FileName = MessageReader.Str(attachment, "fileName"),
            Url = MessageReader.Str(attachment, "url"),
            At = MessageReader.Time(attachment),
            Base64 = base64, Text = text, Bytes = bytes, BodyLength = length,
        };
    }
}
