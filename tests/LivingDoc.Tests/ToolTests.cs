using System.Diagnostics;
using NUnit.Framework;
using static Acceptance.LivingDoc.Tests.MessagesBuilder;

namespace Acceptance.LivingDoc.Tests;

/// <summary>
/// The .NET tool as a user gets it: `dotnet pack` of src/LivingDoc, `dotnet tool install --tool-path … --add-source
/// <folder>`, then the `livingdoc` command run in a folder of its own, like any command-line tool.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class ToolTests
{
    private string _dir = "";
    private string _tool = "";

    [OneTimeSetUp]
    public void PackAndInstall()
    {
        _dir = Path.Combine(Path.GetTempPath(), "livingdoc-tool-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        var packages = Path.Combine(_dir, "packages");
        var tools = Path.Combine(_dir, "tools");
        var project = Path.Combine(ModelTests.RepositoryRoot(), "src", "LivingDoc", "LivingDoc.csproj");

        var pack = Run("dotnet", ["pack", project, "-c", "Release", "-o", packages, "-p:TreatWarningsAsErrors=true"], _dir, TimeSpan.FromMinutes(5));
        Assert.That(pack.ExitCode, Is.Zero, "dotnet pack failed:\n" + pack.Output);
        // The package a user names, and one per platform it points to (compiled ahead of time), plus a portable one.
        Assert.That(Directory.GetFiles(packages, "Acceptance.LivingDoc.*.nupkg").Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "", ".any", ".linux-x64", ".linux-arm64", ".osx-arm64", ".win-x64" }.Select(rid => $"Acceptance.LivingDoc{rid}.1.0.0.nupkg")),
            "the tool's packages in " + packages);

        var install = Run("dotnet", ["tool", "install", "Acceptance.LivingDoc", "--tool-path", tools, "--add-source", packages], _dir, TimeSpan.FromMinutes(5));
        Assert.That(install.ExitCode, Is.Zero, "dotnet tool install failed:\n" + install.Output);
        _tool = Path.Combine(tools, OperatingSystem.IsWindows() ? "livingdoc.exe" : "livingdoc");
        Assert.That(File.Exists(_tool), Is.True, $"the command {_tool} after install:\n{install.Output}");
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64)
            Assert.That(Directory.GetDirectories(tools, "acceptance.livingdoc.linux-x64", SearchOption.AllDirectories), Is.Not.Empty,
                "on linux-x64 the install picks the package compiled for it");
    }

    [OneTimeTearDown]
    public void Remove()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private string Workspace()
    {
        var folder = Path.Combine(_dir, "work-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(Path.Combine(folder, "run"));
        return folder;
    }

    [Test]
    public void On_a_platform_it_was_compiled_for_the_installed_command_needs_no_JIT_to_start()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
            Assert.Ignore("checked on linux-x64, where the repository's CI runs");
        var tools = Path.GetDirectoryName(_tool)!;
        var assembly = Directory.GetFiles(tools, "Acceptance.LivingDoc.dll", SearchOption.AllDirectories).Single();
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
        // A ReadyToRun image carries native code beside its IL, announced by the managed native header.
        Assert.That(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size, Is.GreaterThan(0), assembly + " is compiled ahead of time (ReadyToRun)");
    }

    [Test]
    public void The_installed_command_reads_paths_relative_to_the_current_folder()
    {
        var work = Workspace();
        new MessagesBuilder().Source(ModelTests.BasketUri, ModelTests.Basket)
            .Scenario(ModelTests.BasketUri, "Adding an item", 5, [Passed("Given ", "an empty basket", 6)], ["@shop"])
            .Write(Path.Combine(work, "run", "x.ndjson"));

        var result = Run(_tool, ["-i", "run/x.ndjson", "--root", "run", "-o", "out/doc.html", "--no-history"], work, TimeSpan.FromMinutes(1));

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(File.ReadAllText(Path.Combine(work, "out", "doc.html")), Does.Contain("Adding an item"));
    }

    [Test]
    public void An_input_without_any_Cucumber_message_is_an_error_that_says_so()
    {
        var work = Workspace();
        var bytes = new byte[100 * 1024];
        new Random(13).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(work, "random.ndjson"), bytes);

        var result = Run(_tool, ["-i", "random.ndjson", "-o", "doc.html", "--no-history"], work, TimeSpan.FromMinutes(1));

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Output);
        Assert.That(result.Output, Does.Contain("random.ndjson holds no Cucumber message"));
        Assert.That(result.Output.Split('\n').Count(line => line.StartsWith("warning:", StringComparison.Ordinal)), Is.LessThanOrEqualTo(10),
            "repeated warnings are summarised:\n" + result.Output);
    }

    [Test]
    public void Repeated_warnings_are_summarised_with_a_count()
    {
        var work = Workspace();
        var path = new MessagesBuilder().Source(ModelTests.BasketUri, ModelTests.Basket)
            .Scenario(ModelTests.BasketUri, "Adding an item", 5, [Passed("Given ", "an empty basket", 6)], ["@shop"])
            .Write(Path.Combine(work, "run.ndjson"));
        File.AppendAllLines(path, Enumerable.Range(0, 40).Select(i => "{\"truncated\": " + i));

        var result = Run(_tool, ["-i", "run.ndjson", "-o", "doc.html", "--no-history"], work, TimeSpan.FromMinutes(1));

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output, Does.Contain("35 more malformed lines skipped (40 in all)"));
        Assert.That(result.Output.Split('\n').Count(line => line.StartsWith("warning:", StringComparison.Ordinal)), Is.LessThanOrEqualTo(6), result.Output);
    }

    [Test]
    public void Help_names_the_command()
    {
        var result = Run(_tool, ["--help"], _dir, TimeSpan.FromMinutes(1));

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output, Does.Contain("livingdoc [options]"));
    }

    [Test]
    public void The_formatter_package_installs_into_a_project_with_everything_it_needs()
    {
        // `dotnet pack` of the Reqnroll plugin, then a project outside this repository that references the package from
        // that folder (its other packages from the usual sources): the plugin and LivingDoc land beside its assembly.
        var packages = Path.Combine(_dir, "plugin-packages");
        var plugin = Path.Combine(ModelTests.RepositoryRoot(), "src", "LivingDoc.ReqnrollPlugin", "LivingDoc.ReqnrollPlugin.csproj");
        var pack = Run("dotnet", ["pack", plugin, "-c", "Release", "-o", packages, "-p:TreatWarningsAsErrors=true"], _dir, TimeSpan.FromMinutes(5));
        Assert.That(pack.ExitCode, Is.Zero, "dotnet pack of the plugin failed:\n" + pack.Output);

        var project = Path.Combine(_dir, "consumer");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "nuget.config"),
            $"<configuration><packageSources><add key=\"livingdoc\" value=\"{packages}\" /></packageSources></configuration>");
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><PackageReference Include="Acceptance.LivingDoc.ReqnrollPlugin" Version="1.0.0" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"),
            "System.Console.WriteLine(typeof(Acceptance.LivingDoc.ReqnrollPlugin.LivingDocFormatter).Assembly.GetName().Name + \" \" + typeof(Acceptance.LivingDoc.LivingDocGenerator).Assembly.GetName().Name);");
        // A packages folder of its own, so that no plugin package of the same version cached earlier stands in for this one.
        var build = Run("dotnet", ["build", "-o", "out", "--packages", Path.Combine(_dir, "consumer-packages")], project, TimeSpan.FromMinutes(5));
        Assert.That(build.ExitCode, Is.Zero, "a project referencing the plugin package did not build:\n" + build.Output);

        var run = Run("dotnet", [Path.Combine(project, "out", "Consumer.dll")], project, TimeSpan.FromMinutes(1));
        Assert.That(run.Output.Trim(), Is.EqualTo("Acceptance.LivingDoc.ReqnrollPlugin Acceptance.LivingDoc"), "both assemblies load from the package");
    }

    private sealed record Outcome(int ExitCode, string Output);

    private static Outcome Run(string file, string[] args, string folder, TimeSpan deadline)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(deadline))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{file} {string.Join(' ', args)}` did not finish within {deadline.TotalSeconds:0} s; its output so far:\n{output}");
        }
        process.WaitForExit();
        lock (output) return new Outcome(process.ExitCode, output.ToString());
    }
}
