using Acceptance.Support.Platform;

namespace Acceptance.SelfCheck.Tests;

/// <summary>Where the built suite, the platform and the self-check's own artifacts are.</summary>
public static class SelfCheckPaths
{
    /// <summary>Debug or Release: the same configuration this project was built in.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string SuiteAssembly()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "bin", Configuration, "net10.0", "Acceptance.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The acceptance suite is not built: {path} does not exist (dotnet build Acceptance.csproj -c {Configuration}).");
    }

    public static string PlatformAssembly() =>
        ReferencePlatformProcess.FindOrBuildAssembly(RepositoryRoot.Find(), "src/ReferencePlatform", "Acceptance.ReferencePlatform.dll", TimeSpan.FromMinutes(5));

    public static string Artifacts(params string[] parts) => RepositoryRoot.Artifacts(["self-check", .. parts]);
}
