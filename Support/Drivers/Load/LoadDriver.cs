using System.Diagnostics;
using System.Text.Json;
using Acceptance.Runner;
using Acceptance.Support.Actors;
using Acceptance.Support.Evidence;
using Acceptance.Support.Platform;

namespace Acceptance.Support.Drivers.Load;

/// <summary>
/// The load journey: a crowd of test users from the pool signs in, opens channels and asks the agent at the
/// same moment; the driver measures every run and writes the distribution as evidence (load-latency.json).
/// Never harder than the environment allows: the crowd is capped by Load:MaxUsers and its gathering paced by
/// Load:MaxConnectionsPerSecond.
/// </summary>
public sealed class LoadDriver(
    PlatformUnderTest platform, Cast cast, SessionDriver sessions, ConversationDriver conversations, HttpClients clients,
    ScenarioEvidence evidence, ScenarioTimeLimit timeLimit)
{
    public const string EvidenceFile = "load-latency.json";
    private const int ParallelSetUps = 16;
    private static readonly TimeSpan SendDeadline = TimeSpan.FromSeconds(5);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<CrowdMember> _crowd = new();

    public IReadOnlyList<CrowdMember> Crowd => _crowd;

    /// <summary>The crowd members who behave (everyone but a misbehaving client).</summary>
    public IReadOnlyList<CrowdMember> WellBehaved => _crowd.Where(m => !ReferenceEquals(m, Misbehaving)).ToList();

    public CrowdMember? Misbehaving { get; private set; }

    public FloodingClient? Flooder { get; private set; }

    private Configuration.LoadSettings Settings => platform.Settings.Load;

    /// <summary>Borrows <paramref name="size"/> (+ <paramref name="extra"/>) users, signs each in, starts a conversation and opens a channel.</summary>
    public async Task GatherAsync(int size, int extra = 0)
    {
        if (size < 1) throw new InvalidOperationException($"Load:Users must be at least 1 (was {size}).");
        if (size + extra > Settings.MaxUsers)
            throw new InvalidOperationException(
                $"Refused before sending anything: the crowd would be {size + extra} users but {platform.Settings.Environment} allows at most " +
                $"{Settings.MaxUsers} (Load:MaxUsers). Lower Load:Users or raise the ceiling where that is safe.");
        var pool = Personas.Pool ?? throw new InvalidOperationException(
            "The load journey needs a pool of test users (Pool:Users, or the reference platform started by the suite); this run has none.");
        var users = await pool.LeaseManyAsync(size + extra, platform.Settings.Pool.LeaseWait, timeLimit.Token);
        for (var i = 0; i < users.Count; i++)
        {
            var actor = cast.AddBorrowed($"crowd member {i + 1}", pool, users[i]);
            // The scenario's HTTP clients are made one at a time here; the set-ups below only read them.
            clients.For(actor.Name, Origin.Auth);
            clients.For(actor.Name, Origin.Api);
            _crowd.Add(new CrowdMember(actor));
        }
        var rate = Settings.MaxConnectionsPerSecond;
        evidence.Note($"Gathering a crowd of {_crowd.Count} test users ({(rate > 0 ? $"at most {rate:0.#} connections per second" : "unpaced")}, {ParallelSetUps} at a time)");
        using var gate = new SemaphoreSlim(ParallelSetUps);
        var started = _clock.Elapsed;
        await Task.WhenAll(_crowd.Select(async (member, index) =>
        {
            if (rate > 0)
            {
                var due = started + TimeSpan.FromSeconds(index / rate) - _clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due, timeLimit.Token);
            }
            await gate.WaitAsync(timeLimit.Token);
            try
            {
                await SetUpAsync(member);
            }
            finally
            {
                gate.Release();
            }
        }));
        var failed = _crowd.Count(m => m.SetupError is not null);
        evidence.Note($"Crowd gathered in {(_clock.Elapsed - started).TotalSeconds:0.00} s: {_crowd.Count - failed} ready, {failed} could not take part");
    }

    private async Task SetUpAsync(CrowdMember member)
    {
        try
        {
            var session = await sessions.SignInAsync(member.Actor);
            member.UserId = session.UserId;
            member.ConversationId = await conversations.StartConversationAsync(member.Actor, $"Load journey, {member.Actor.Name}");
            member.Channel = await LoadClient.OpenAsync(platform.Endpoints.WebSocket, session.AccessToken, _clock, platform.Budgets.ChannelConnect);
        }
        catch (Exception e) when (e is not OperationCanceledException || !timeLimit.Token.IsCancellationRequested)
        {
            member.SetupError = e.Message;
        }
    }

    /// <summary>Makes one member misbehave: a second channel of theirs that never reads and floods pings (Load:FloodMessages).</summary>
    public async Task StartFloodingAsync()
    {
        Misbehaving = _crowd.LastOrDefault(m => m.SetupError is null)
                      ?? throw new InvalidOperationException("Nobody in the crowd could take part, so nobody can misbehave.");
        var token = Misbehaving.Actor.RequireSession().AccessToken;
        Flooder = await FloodingClient.OpenAsync(platform.Endpoints.WebSocket, token, platform.Budgets.ChannelConnect);
        Flooder.Start(Settings.FloodMessages, TimeSpan.FromSeconds(2));
        evidence.Note($"{Misbehaving} floods the agent channel with up to {Settings.FloodMessages} pings and never reads it");
    }

    /// <summary>
    /// Why the misbehaving client's flood did not happen while the others asked, or null when it did: it sent its
    /// whole quota or at least a hundred pings, or the platform cut it off after it had started.
    /// </summary>
    public string? FloodProblem()
    {
        if (Flooder is not { } flooder) return "no client was flooding";
        var enough = Math.Min(Settings.FloodMessages, 100);
        if (flooder.Sent >= enough) return null;
        // Cut off by the platform once it had flooded: the flood happened, and the platform defended itself.
        if (flooder.Sent > 0 && flooder.DroppedBecause is not null) return null;
        return $"the flooding client sent only {flooder.Sent} of its {Settings.FloodMessages} pings (at least {enough} make a flood)" +
               (flooder.DroppedBecause is { } why ? $"; {why}" : "");
    }

    /// <summary>Everyone given asks at the same moment; returns when every run ended or Load:RunDeadlineSeconds passed.</summary>
    public async Task AskAtOnceAsync(IReadOnlyList<CrowdMember> askers)
    {
        var ready = askers.Where(m => m.Channel is not null).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = ready.Select(async member =>
        {
            await go.Task;
            try
            {
                member.AskedAt = await member.Channel!.AskAsync(member.ConversationId!, "How can I cut my GPU costs?", SendDeadline);
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OperationCanceledException)
            {
                member.AskError = e.Message;
            }
        }).ToList();
        var moment = _clock.Elapsed;
        go.SetResult();
        await Task.WhenAll(sends);
        evidence.Note($"{ready.Count} people asked within {(_clock.Elapsed - moment).TotalMilliseconds:0} ms of each other");
        var deadline = TimeSpan.FromSeconds(Settings.RunDeadlineSeconds);
        var ends = Task.WhenAll(ready.Where(m => m.AskedAt is not null).Select(m => m.Channel!.Ended));
        await Task.WhenAny(ends, Task.Delay(deadline, timeLimit.Token));
        if (!ends.IsCompleted) evidence.Note($"Not every run ended within {deadline.TotalSeconds:0} s (Load:RunDeadlineSeconds)");
        // Anything late for somebody else would be cross-talk: give stray events a moment to show up.
        await Task.Delay(TimeSpan.FromMilliseconds(300), timeLimit.Token);
        Record(askers);
    }

    /// <summary>Writes the distribution as load-latency.json in the scenario's evidence, and a line per problem.</summary>
    private void Record(IReadOnlyList<CrowdMember> askers)
    {
        var first = FirstEvent(askers);
        var completion = Completion(askers);
        var errors = Errors(askers);
        var report = new
        {
            users = askers.Count,
            errors,
            first_event_ms = new { p50 = Finite(first.P50), p95 = Finite(first.P95), p99 = Finite(first.P99), samples = first.Samples },
            completion_ms = new { p50 = Finite(completion.P50), p95 = Finite(completion.P95), p99 = Finite(completion.P99), samples = completion.Samples },
            budgets = new { first_event_p95_ms = Settings.FirstEventP95Ms, completion_p95_ms = Settings.CompletionP95Ms },
        };
        var path = Path.Combine(evidence.Folder, EvidenceFile);
        File.WriteAllText(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        evidence.AttachFile(path);
        evidence.Note($"{askers.Count} runs, {errors} with errors; first event {first}; completion {completion}");
        foreach (var member in askers.Where(m => m.RunProblem is not null || m.ForeignEvents.Count > 0).Take(20))
            evidence.Note($"{member}: {member.RunProblem ?? "own run fine"}; {member.ForeignEvents.Count} event(s) of somebody else's run");
    }

    public static Latency FirstEvent(IEnumerable<CrowdMember> members) => Latency.Of(members.Select(m => m.FirstEventMs).OfType<double>());

    public static Latency Completion(IEnumerable<CrowdMember> members) => Latency.Of(members.Select(m => m.CompletionMs).OfType<double>());

    /// <summary>People whose run went wrong in any way: could not take part, wrong events, no answer, or somebody else's events.</summary>
    public static int Errors(IEnumerable<CrowdMember> members) => members.Count(m => m.RunProblem is not null || m.ForeignEvents.Count > 0);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>Closes the crowd's channels and the flooder (AfterScenario; the cast gives the users back).</summary>
    public async Task DisposeAsync()
    {
        if (Flooder is not null) await Flooder.DisposeAsync();
        await Task.WhenAll(_crowd.Where(m => m.Channel is not null).Select(m => m.Channel!.DisposeAsync().AsTask()));
    }
}
