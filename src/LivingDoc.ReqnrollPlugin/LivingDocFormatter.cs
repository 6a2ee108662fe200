using System.Text;
using Io.Cucumber.Messages.Types;
using Reqnroll.Formatters;
using Reqnroll.Formatters.Configuration;
using Reqnroll.Formatters.PayloadProcessing;
using Reqnroll.Formatters.RuntimeSupport;
using Reqnroll.Utils;

namespace Acceptance.LivingDoc.ReqnrollPlugin;

/// <summary>
/// The `livingdoc` formatter: records the run's Cucumber messages beside the report (&lt;report&gt;.ndjson) and,
/// when the run finishes, writes LivingDoc's HTML to the configured outputFilePath (default living_doc.html).
/// Settings (all optional): outputFilePath, title, features (folder), history (folder), historySize.
/// </summary>
public sealed class LivingDocFormatter : FileWritingFormatterBase
{
    public const string FormatterName = "livingdoc";
    private static readonly byte[] NewLine = Encoding.UTF8.GetBytes("\n");
    private string? _htmlPath;
    private string? _messagesPath;
    private IDictionary<string, object> _settings = new Dictionary<string, object>();

    public LivingDocFormatter(IFormattersConfigurationProvider configurationProvider, IFormatterLog logger, IFileSystem fileSystem)
        : base(configurationProvider, logger, fileSystem, FormatterName, ".html", "living_doc.html")
    {
    }

    /// <summary>The HTML goes to outputPath; the messages are streamed to a file beside it, read once the run ends.</summary>
    protected override void FinalizeInitialization(string outputPath, IDictionary<string, object> formatterConfiguration, Action<bool> onInitialized)
    {
        _htmlPath = Path.GetFullPath(outputPath);
        _messagesPath = Path.ChangeExtension(_htmlPath, ".ndjson");
        _settings = formatterConfiguration;
        base.FinalizeInitialization(outputPath, formatterConfiguration, onInitialized);
    }

    /// <summary>Shared for reading: LivingDoc reads the file while this stream is still open (at testRunFinished).</summary>
    protected override Stream CreateTargetFileStream(string outputPath) =>
        new FileStream(_messagesPath!, FileMode.Create, FileAccess.Write, FileShare.Read, TUNING_PARAM_FILE_WRITE_BUFFER_SIZE);

    protected override void OnTargetFileStreamInitialized(Stream targetFileStream)
    {
    }

    protected override void OnTargetFileStreamDisposing()
    {
    }

    protected override async Task WriteToFile(Envelope envelope, CancellationToken cancellationToken)
    {
        if (TargetFileStream is null) return;
        await NdjsonSerializer.SerializeToStreamAsync(TargetFileStream, envelope);
        await TargetFileStream.WriteAsync(NewLine, cancellationToken);
        if (envelope.TestRunFinished is null) return;

        await TargetFileStream.FlushAsync(cancellationToken);
        try
        {
            Generate();
        }
        catch (System.Exception e)
        {
            // A formatter must not break the run; say why there is no report where it would have been.
            Logger.WriteMessage($"Formatter {Name} failed: {e}");
            File.WriteAllText(_htmlPath! + ".error.txt", $"The livingdoc formatter could not write {_htmlPath}:\n{e}");
        }
    }

    private void Generate()
    {
        var options = new LivingDocOptions
        {
            Inputs = [_messagesPath!],
            OutputHtml = _htmlPath!,
            OutputSummary = Path.ChangeExtension(_htmlPath!, ".summary.json"),
            Title = Setting("title") ?? "Living documentation",
            FeaturesFolder = Setting("features") is { } features ? Path.GetFullPath(features) : null,
            HistoryFolder = Setting("history") is { } history ? Path.GetFullPath(history) : null,
            HistorySize = int.TryParse(Setting("historySize"), out var size) && size > 0 ? size : 10,
            GitDirectory = Directory.GetCurrentDirectory(),
        };
        var result = LivingDocGenerator.Generate(options);
        foreach (var warning in WarningSummary.Summarise(result.Warnings)) Logger.WriteMessage($"Formatter {Name} warning: {warning}");
        Logger.WriteMessage($"Formatter {Name}: {result}");
        // Reqnroll's formatter log is usually not shown: leave the reason where the report would have been.
        if (!result.Success) File.WriteAllText(_htmlPath! + ".error.txt", result.ToString());
    }

    private string? Setting(string name) =>
        _settings.TryGetValue(name, out var value) && value?.ToString() is { Length: > 0 } text ? text : null;
}
