using System.IO.Compression;
using System.Text;

namespace Acceptance.LivingDoc.Rendering;

/// <summary>gzip + base64, how the page carries its search index, scenario details and HTML kept for later.</summary>
internal static class Packing
{
    /// <summary>
    /// The zlib level (0–9). Set by LIVINGDOC_GZIP_LEVEL for benchmarking; the default trades a little size for time:
    /// the page unpacks any level alike.
    /// </summary>
    public static readonly int Level =
        int.TryParse(Environment.GetEnvironmentVariable("LIVINGDOC_GZIP_LEVEL"), out var level) && level is >= 0 and <= 9 ? level : 6;

    public static string Gzip(ReadOnlySpan<byte> bytes)
    {
        using var packed = new MemoryStream(bytes.Length / 4 + 64);
        using (var gzip = new GZipStream(packed, new ZLibCompressionOptions { CompressionLevel = Level }, leaveOpen: true))
            gzip.Write(bytes);
        return Convert.ToBase64String(packed.GetBuffer(), 0, (int)packed.Length);
    }

    public static string Gzip(MemoryStream stream) => Gzip(stream.GetBuffer().AsSpan(0, (int)stream.Length));

    public static string Gzip(string text) => Gzip(Encoding.UTF8.GetBytes(text));
}
