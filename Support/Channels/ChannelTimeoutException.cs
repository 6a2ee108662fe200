namespace Acceptance.Support.Channels;

/// <summary>A wait on the agent channel ran out: says what was awaited, for how long, and every frame that did arrive.</summary>
public sealed class ChannelTimeoutException(string message) : TimeoutException(message);
