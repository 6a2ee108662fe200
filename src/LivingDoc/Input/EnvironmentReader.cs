using System.Diagnostics;
using System.Text.Json;
using Acceptance.LivingDoc.Model;

namespace Acceptance.LivingDoc.Input;

/// <summary>The environment of the run: the suite's environment JSON (URLs redacted) and the commit.</summary>
public static class EnvironmentReader
{
    public static EnvironmentInfo Read(string? file, List<string> warnings)
    {
        var info = new EnvironmentInfo();
        if (file is null || !File.Exists(file)) return info;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var name = property.Name;
                var value = property.Value;
                if (name.Equals("environment", StringComparison.OrdinalIgnoreCase) && value.ValueKind == JsonValueKind.String)
                    info.Name = value.GetString();
                else if (name.Equals("endpoints", StringComparison.OrdinalIgnoreCase) && value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var endpoint in value.EnumerateObject())
                        if (endpoint.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(endpoint.Value.GetString()))
                            info.Endpoints.Add(new(endpoint.Name, Masking.Url(endpoint.Value.GetString()!)));
                }
                else if (Masking.IsSecretName(name))
                    continue;
                else if (value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                {
                    var text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
                    info.Facts.Add(new(name, text.Contains("://", StringComparison.Ordinal) ? Masking.Url(text) : Masking.Text(text)));
                }
                else if (value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var inner in value.EnumerateObject())
                        if (!Masking.IsSecretName(inner.Name) && inner.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                        {
                            var text = inner.Value.ValueKind == JsonValueKind.String ? inner.Value.GetString() ?? "" : inner.Value.GetRawText();
                            info.Facts.Add(new($"{name}.{inner.Name}", text.Contains("://", StringComparison.Ordinal) ? Masking.Url(text) : Masking.Text(text)));
                        }
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
        {
            warnings.Add($"{file}: environment file not read ({e.Message})");
        }
        return info;
    }

    /// <summary>`git rev-parse HEAD`, or null when git or the repository is not there.</summary>
    public static string? GitCommit(string? directory)
    {
        if (directory is null || !Directory.Exists(directory)) return null;
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["rev-parse", "HEAD"])
            {
                WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEnd().Trim();
            if (!git.WaitForExit(3000)) { git.Kill(); return null; }
            return git.ExitCode == 0 && output.Length >= 7 ? output : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
