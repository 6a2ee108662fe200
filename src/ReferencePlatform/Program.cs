using System.Runtime.InteropServices;
using Acceptance.ReferencePlatform;

// The reference platform: three origins (auth, api, app) on 127.0.0.1 until Ctrl+C or SIGTERM.
var stop = new TaskCompletionSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

PlatformHost platform;
try
{
    platform = await PlatformHost.StartAsync(args);
}
catch (Exception e) when (e is IOException or InvalidOperationException)
{
    // A port in use or a refused setting: say which, without a stack trace.
    Console.Error.WriteLine($"The platform could not start: {e.Message}");
    return 1;
}

await using (platform)
{
    Console.WriteLine($"listening auth={Origin(platform.AuthUrl)}");
    Console.WriteLine($"listening api={Origin(platform.ApiUrl)}");
    Console.WriteLine($"listening app={Origin(platform.AppUrl)}");
    Console.Out.Flush();

    await stop.Task;
}
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);
