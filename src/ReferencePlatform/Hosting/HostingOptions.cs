namespace Acceptance.ReferencePlatform.Hosting;

/// <summary>Where the three origins listen and which mode the platform runs in (section "Platform").</summary>
public sealed class HostingOptions
{
    public const string Section = "Platform";

    public int AuthPort { get; set; } = 8081;
    public int ApiPort { get; set; } = 8002;
    public int AppPort { get; set; } = 3000;

    /// <summary>How long a stop waits for open requests and sockets.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// The web app's markup (Platform:AppMarkup): "standard", or the test-only "prerendered" chat page whose progress
    /// and answer elements exist hidden from the start (App/wwwroot/prerendered, docs/web-app.md).
    /// </summary>
    public string AppMarkup { get; set; } = "standard";
}
