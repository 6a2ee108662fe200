using System.Text;
using Acceptance.LivingDoc.Model;
using NUnit.Framework;
using static Acceptance.LivingDoc.Tests.MessagesBuilder;

namespace Acceptance.LivingDoc.Tests;

/// <summary>The messages file as bytes: lines longer than the read buffer, a byte-order mark, CRLF, blank and broken lines.</summary>
[TestFixture]
public sealed class ReadingTests : FolderPerTest
{
    [Test]
    public void Long_lines_a_byte_order_mark_CRLF_blank_and_broken_lines_are_read_in_order()
    {
        // 3 MB of text: its base64 line is longer than several read buffers put together.
        var big = string.Concat(Enumerable.Range(0, 300_000).Select(i => $"line {i,5}\n"));
        var path = new MessagesBuilder().Source(ModelTests.BasketUri, ModelTests.Basket)
            .Scenario(ModelTests.BasketUri, "Adding an item", 5, [Passed("Given ", "an empty basket", 6, "before")], ["@shop"],
                attachments: [FileAttachment("big.txt", "text/plain", Encoding.UTF8.GetBytes(big)), FileAttachment("small.txt", "text/plain", "after"u8.ToArray())])
            .Raw("")
            .Raw("{not json")
            .Write(Path.Combine(Dir, "run.ndjson"));
        var lines = File.ReadAllLines(path);
        File.WriteAllText(path, "\uFEFF" + string.Join("\r\n", lines) + "\r\n", new UTF8Encoding(false));

        var result = LivingDocGenerator.Generate(new LivingDocOptions
        {
            Inputs = [path],
            OutputHtml = Path.Combine(Dir, "out", "LivingDoc.html"),
            Commit = "c0ffee0000",
        });

        var broken = Array.IndexOf(lines, "{not json") + 1;
        Assert.That(result.Warnings.Where(w => w.Contains("malformed")), Has.Exactly(1).StartsWith($"{path}:{broken}: malformed message skipped"));
        var latest = result.Report!.Items.Single(i => i.Name == "Adding an item").Latest!;
        Assert.That(latest.Status, Is.EqualTo(ScenarioStatus.Passed));
        Assert.That(latest.Steps[0].Output.Select(o => o.Text), Is.EqualTo(new[] { "before" }));
        Assert.That(latest.Files.Select(f => (f.Name, f.Size)), Is.EqualTo(new[] { ("big.txt", (long)big.Length), ("small.txt", 5L) }));
        Assert.That(latest.Files[0].Text, Does.StartWith("line     0\nline     1\n"));
        Assert.That(latest.Files[1].Text, Is.EqualTo("after"));
    }
}
