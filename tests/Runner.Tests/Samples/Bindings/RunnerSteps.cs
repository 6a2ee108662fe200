using Acceptance.Runner;
using Reqnroll;

namespace Runner.Samples.Bindings;

[Binding]
public sealed class RunnerSteps(ScenarioTimeLimit timeLimit, IReqnrollOutputHelper output)
{
    [When("the courier is awaited forever")]
    public Task WhenTheCourierIsAwaitedForever() => Task.Delay(Timeout.Infinite, timeLimit.Token);

    [Given("the scenario takes {int} ms")]
    public Task GivenTheScenarioTakes(int milliseconds) => Task.Delay(milliseconds, timeLimit.Token);

    [Given("the scenario queues for {int} ms")]
    public async Task GivenTheScenarioQueues(int milliseconds)
    {
        using (timeLimit.Queueing()) await Task.Delay(milliseconds);
    }

    [When("evidence is attached")]
    public void WhenEvidenceIsAttached()
    {
        output.WriteLine("evidence: the courier signed at 10:42");
        var path = Path.Combine(Path.GetTempPath(), $"runner-sample-evidence-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "signed delivery note");
        output.AddAttachment(path);
    }
}
