using Acceptance.LivingDoc.Model;
using NUnit.Framework;
using static Acceptance.LivingDoc.Tests.MessagesBuilder;

namespace Acceptance.LivingDoc.Tests;

/// <summary>
/// The detection matrix (docs/detection-matrix.json): the Proof view lists each Then step with the faults proven to
/// turn it red, and the specification marks the Then steps so proven. A missing or malformed file is only a warning.
/// </summary>
[TestFixture]
public sealed class ProofTests : FolderPerTest
{
    public ProofTests() : base("livingdoc-proof") { }

    private const string Uri = "Features/Chat/Threads.feature";
    private const string Threads = """
        Feature: Threads

          Scenario: Starting a thread
            When Alice starts a thread
            Then the thread is listed

          Scenario: Replying
            When Alice replies
            Then the reply arrives
            And it is refused with "too late"

          Scenario: Refusing
            When it is refused with "not a Then"
            Then nothing else happens
        """;

    internal static string Matrix => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "detection-matrix.json");

    internal static string WriteRun(string path) => new MessagesBuilder().Source(Uri, Threads)
        .Scenario(Uri, "Starting a thread", 3, [Passed("When ", "Alice starts a thread", 4), Passed("Then ", "the thread is listed", 5)])
        .Scenario(Uri, "Replying", 7, [Passed("When ", "Alice replies", 8), Passed("Then ", "the reply arrives", 9), Passed("And ", "it is refused with \"too late\"", 10)])
        .Scenario(Uri, "Refusing", 12, [Passed("When ", "it is refused with \"not a Then\"", 13), Passed("Then ", "nothing else happens", 14)])
        .Write(path);

    private LivingDocResult Generate(string? matrix)
    {
        var result = LivingDocGenerator.Generate(new LivingDocOptions
        {
            Inputs = [WriteRun(Path.Combine(Dir, "run.ndjson"))],
            OutputHtml = Path.Combine(Dir, "out", "LivingDoc.html"),
            Commit = "c0ffee0000",
            DetectionMatrix = matrix,
        });
        Assert.That(result.Errors, Is.Empty);
        return result;
    }

    private static string Section(string page, string start, string end)
    {
        var from = page.IndexOf(start, StringComparison.Ordinal);
        Assert.That(from, Is.GreaterThanOrEqualTo(0), start);
        return page[from..page.IndexOf(end, from, StringComparison.Ordinal)];
    }

    [Test]
    public void The_Proof_view_lists_each_step_with_the_faults_proven_to_turn_it_red_and_who_caught_them()
    {
        var result = Generate(Matrix);
        var page = File.ReadAllText(result.HtmlPath!);

        Assert.That(result.Warnings, Is.Empty);
        Assert.That(page, Does.Contain("<li><a href=\"#view=proof\" data-view=\"proof\">Proof</a></li>"), "its own tab");
        var proof = Section(page, "<section id=\"view-proof\"", "</section>");
        Assert.That(proof, Does.Contain("3 step sentences in the detection matrix; 2 proven able to fail by 3 faults switched on in the platform; <strong>1 without proof</strong>"));
        var refused = Section(proof, "it is refused with {string}", "</tr>");
        Assert.That(refused, Does.Contain("AllowAnonymousWebSocket").And.Contain("<code>Platform:Faults:AllowAnonymousWebSocket=true</code>")
            .And.Contain("caught by <q>An anonymous visitor cannot open the agent channel</q>").And.Contain("AcceptExpiredTokens"));
        Assert.That(refused, Does.Contain("<td class=\"num\">1</td>"), "used once in the specification: the When step is not a Then step");
        var starting = result.Report!.Items.Single(i => i.Name == "Starting a thread");
        Assert.That(Section(proof, "the thread is listed", "</tr>"), Does.Contain($"caught by <a href=\"#view=spec&amp;s={starting.Id}\">Starting a thread</a>"),
            "the scenario that caught it, linked when it is in the document");
        Assert.That(Section(proof, "<tr class=\"unproven-row\">", "</tr>"), Does.Contain("the reply arrives").And.Contain("No proof: no fault has been seen to turn this step red"),
            "a step without proof stands out, in words");
        Assert.That(proof, Does.Contain("1 Then step of the specification matches no step of the matrix").And.Contain("nothing else happens"));
    }

    [Test]
    public void Then_steps_the_matrix_proves_are_marked_in_the_specification()
    {
        var result = Generate(Matrix);
        var page = File.ReadAllText(result.HtmlPath!);
        string Scenario(string name) => Section(page, $"id=\"s-{result.Report!.Items.Single(i => i.Name == name).Id}\"", "</section>");

        Assert.That(Scenario("Starting a thread"), Does.Contain(
            "the thread is listed <span class=\"proven\" title=\"Proven able to fail: DropNewThreads\"><span aria-hidden=\"true\">◆</span> proven<span class=\"vh\"> able to fail: DropNewThreads</span></span>"));
        var replying = Scenario("Replying");
        Assert.That(replying, Does.Contain("the reply arrives <span class=\"unproven\""), "in the matrix without proof");
        Assert.That(replying, Does.Contain("it is refused with &quot;too late&quot; <span class=\"proven\" title=\"Proven able to fail: AllowAnonymousWebSocket, AcceptExpiredTokens\">"),
            "an And after a Then is a Then step");
        Assert.That(Scenario("Refusing"), Does.Not.Contain("class=\"proven\"").And.Not.Contain("class=\"unproven\""), "a When step is not proof of a Then");

        var matrix = result.Report!.DetectionMatrix!;
        Assert.That(matrix.Match("Then", "the thread is listed"), Is.SameAs(matrix.Steps[1]));
        Assert.That(matrix.Match("When", "the thread is listed"), Is.Null);
    }

    [Test]
    public void Without_a_matrix_there_is_no_Proof_view_and_no_mark()
    {
        var page = File.ReadAllText(Generate(null).HtmlPath!);

        Assert.That(page, Does.Not.Contain("data-view=\"proof\"").And.Not.Contain("class=\"proven\""));
    }

    [TestCase("{ \"schema\": \"acceptance-detection-matrix/1\", \"steps\": [ { \"keyword\": ", "detection matrix unreadable")]
    [TestCase("{ \"steps\": 3 }", "not a detection matrix")]
    [TestCase(null, "Detection matrix not found")]
    public void A_missing_or_malformed_matrix_is_a_warning_and_never_fails_generation(string? content, string warning)
    {
        var path = Path.Combine(Dir, "detection-matrix.json");
        if (content is not null) File.WriteAllText(path, content);

        var result = Generate(path);

        Assert.That(result.Success, Is.True);
        Assert.That(result.Report!.Warnings, Has.Some.Contains(path).And.Some.Contains(warning));
        var page = File.ReadAllText(result.HtmlPath!);
        Assert.That(page, Does.Not.Contain("data-view=\"proof\""));
        Assert.That(page, Does.Contain(warning), "shown among the warnings");
    }

    [Test]
    public void A_step_whose_regex_does_not_compile_is_listed_with_a_warning_and_marks_nothing()
    {
        var path = Path.Combine(Dir, "detection-matrix.json");
        File.WriteAllText(path, File.ReadAllText(Matrix).Replace("^the thread is listed$", "^the thread is (listed$"));

        var result = Generate(path);

        Assert.That(result.Warnings, Has.Some.Contains("(the thread is listed) has a regex that does not compile"));
        Assert.That(result.Report!.DetectionMatrix!.Steps, Has.Count.EqualTo(3));
        Assert.That(File.ReadAllText(result.HtmlPath!), Does.Not.Contain("title=\"Proven able to fail: DropNewThreads\""));
    }

    [Test]
    public void The_repository_uses_docs_detection_matrix_json_when_it_exists_and_the_command_line_can_name_another()
    {
        Assert.That(LivingDocOptions.ForRepository(Dir).DetectionMatrix, Is.Null);
        Directory.CreateDirectory(Path.Combine(Dir, "docs"));
        File.Copy(Matrix, Path.Combine(Dir, "docs", "detection-matrix.json"));
        Assert.That(LivingDocOptions.ForRepository(Dir).DetectionMatrix, Is.EqualTo(Path.Combine(Dir, "docs", "detection-matrix.json")));

        Assert.That(Cli.Parse(["--detection-matrix", Matrix]).DetectionMatrix, Is.EqualTo(Matrix));
        Assert.That(Cli.Parse(["--root", Dir, "--no-detection-matrix"]).DetectionMatrix, Is.Null);
    }
}
