using Acceptance.Runner;
using Acceptance.Support.Platform;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.Support.Actors;

/// <summary>
/// Says before the first scenario where the run's test users come from and whether they suffice; without a pool
/// (Pool:Enabled false, or a deployment whose settings list no Pool:Users) scenarios share the personas'
/// accounts, so they take turns: one scenario at a time, whatever the worker count.
/// </summary>
[Binding]
public sealed class PoolHooks(ScenarioContext scenario, ScenarioTimeLimit timeLimit)
{
    private const string HoldsTurnKey = "Acceptance.Pool.HoldsTurn";
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private static readonly TimeSpan TurnWait = TimeSpan.FromMinutes(10);

    [BeforeTestRun(Order = 15)]
    public static void DescribePool()
    {
        if (TestRunEnvironment.CurrentOrNull is not { } targets) return;
        var settings = targets.Settings;
        if (Personas.Pool is not { } pool)
        {
            Print(settings.Pool.Enabled
                ? $"Test users: {settings.Environment} lists no Pool:Users, so every scenario uses the shared accounts of Personas and scenarios run one at a time."
                : "Test users: the pool is off (Pool:Enabled false): every scenario uses the shared accounts of Personas and scenarios run one at a time.");
            return;
        }
        Print($"Test users: {pool.Source}; each scenario borrows its own.");
        var crowd = Math.Min(settings.Load.Users, settings.Load.MaxUsers) + 1;
        var loadScenarios = GherkinRun.ScenarioTags(typeof(PoolHooks).Assembly).Count(tags => tags.Contains("load", StringComparer.OrdinalIgnoreCase));
        if (loadScenarios > 0 && crowd > pool.Size)
            Print($"Test users: the @load scenarios need {crowd} users at once but the pool holds {pool.Size}: they will fail. " +
                  "List more Pool:Users or lower Load:Users.");
    }

    [BeforeScenario(Order = int.MinValue + 1)]
    public async Task TakeTurnWithoutPool()
    {
        if (Personas.Pool is not null || TestRunEnvironment.CurrentOrNull is null) return;
        // Taking turns is queueing: it does not count against the scenario's time limit, but it has a deadline of its own.
        using (timeLimit.Queueing())
        {
            if (!await OneAtATime.WaitAsync(TurnWait))
                throw new TimeoutException($"This scenario waited {TurnWait.TotalMinutes:0} minutes for its turn (without a pool of test users, scenarios run one at a time) and gave up.");
        }
        scenario[HoldsTurnKey] = true;
    }

    [AfterScenario(Order = int.MaxValue)]
    public void EndTurn()
    {
        if (scenario.TryGetValue(HoldsTurnKey, out bool holds) && holds) OneAtATime.Release();
    }

    private static void Print(string line) => TestContext.Progress.WriteLine(line);
}
