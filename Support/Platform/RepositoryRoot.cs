namespace Acceptance.Support.Platform;

/// <summary>The folder that holds Acceptance.sln or reqnroll.json (beside Acceptance.csproj; the copy in the output folder does not count), found by walking up from the test assembly.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() => Find(AppContext.BaseDirectory));

    public static string Find() => Root.Value;

    public static string Find(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            // reqnroll.json is also copied beside the test assembly: there it must sit with the project file.
            if (File.Exists(Path.Combine(directory.FullName, "Acceptance.sln")) ||
                (File.Exists(Path.Combine(directory.FullName, "reqnroll.json")) && File.Exists(Path.Combine(directory.FullName, "Acceptance.csproj"))) ||
                File.Exists(Path.Combine(directory.FullName, "Acceptance.csproj")))
                return directory.FullName;
        }
        throw new DirectoryNotFoundException(
            $"No folder holding Acceptance.sln or reqnroll.json above {startDirectory}: cannot place artifacts or find src/.");
    }

    public static string Artifacts(params string[] parts) =>
        Path.Combine([Find(), "artifacts", .. parts]);
}
