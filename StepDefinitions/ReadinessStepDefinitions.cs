using Acceptance.Support.Drivers;
using NUnit.Framework;
using Reqnroll;

namespace Acceptance.StepDefinitions;

[Binding]
public sealed class ReadinessStepDefinitions(HealthDriver health)
{
    private HealthReport? _report;

    [When("^the operator checks the (identity service|backend|web app)$")]
    public async Task WhenTheOperatorChecks(string origin) => _report = await health.CheckAsync(origin);

    [Then("^the (identity service|backend|web app) reports itself healthy$")]
    public void ThenTheOriginReportsItselfHealthy(string origin) =>
        Assert.That(_report!.IsHealthy, Is.True, $"The {origin} is not healthy: {_report.Evidence}");

    [When("the operator checks the backend's dependencies")]
    public async Task WhenTheOperatorChecksTheBackendsDependencies() => _report = await health.DependenciesAsync();

    [Then("every dependency of the backend is reported healthy")]
    public void ThenEveryDependencyOfTheBackendIsReportedHealthy() =>
        Assert.That(_report!.IsHealthy, Is.True, $"The backend reports an unhealthy dependency: {_report.Evidence}");
}
