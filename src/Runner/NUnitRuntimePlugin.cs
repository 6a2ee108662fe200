using NUnit.Framework;
using Reqnroll;
using Reqnroll.Infrastructure;
using Reqnroll.Plugins;
using Reqnroll.Tracing;
using Reqnroll.UnitTestProvider;

namespace Acceptance.Runner;

/// <summary>
/// Connects Reqnroll's runtime to NUnit, as Reqnroll.NUnit's plugin would (that package is not available here).
/// Register it in the test assembly with <c>[assembly: RuntimePlugin(typeof(NUnitRuntimePlugin))]</c>.
/// </summary>
public sealed class NUnitRuntimePlugin : IRuntimePlugin
{
    public void Initialize(RuntimePluginEvents runtimePluginEvents, RuntimePluginParameters runtimePluginParameters, UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        runtimePluginEvents.RegisterGlobalDependencies += (_, e) =>
            e.ObjectContainer.RegisterTypeAs<RunnerUnitTestRuntimeProvider, IUnitTestRuntimeProvider>("nunit");
        runtimePluginEvents.CustomizeTestThreadDependencies += (_, e) =>
        {
            e.ObjectContainer.RegisterTypeAs<NUnitTraceListener, ITraceListener>();
            e.ObjectContainer.RegisterTypeAs<NUnitAttachmentHandler, IReqnrollAttachmentHandler>();
        };
        unitTestProviderConfiguration.UseUnitTestProvider("nunit");
    }
}

/// <summary>
/// Reqnroll reports pending, inconclusive and ignored scenarios through this provider. The runner turns them into
/// exceptions of its own and decides the NUnit outcome itself, so that each message names the step concerned.
/// </summary>
public sealed class RunnerUnitTestRuntimeProvider : IUnitTestRuntimeProvider
{
    public void TestPending(string message) => throw new ReqnrollOutcomeException(ReqnrollOutcome.Pending, message);

    public void TestInconclusive(string message) => throw new ReqnrollOutcomeException(ReqnrollOutcome.Inconclusive, message);

    public void TestIgnore(string message) => throw new ReqnrollOutcomeException(ReqnrollOutcome.Ignored, message);

    public ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) => exception switch
    {
        // A binding that calls Assert.Ignore/Assert.Inconclusive skips its scenario rather than failing it.
        IgnoreException or InconclusiveException => ScenarioExecutionStatus.Skipped,
        _ => null,
    };
}

public enum ReqnrollOutcome { Pending, Inconclusive, Ignored }

public sealed class ReqnrollOutcomeException(ReqnrollOutcome outcome, string message) : Exception(message)
{
    public ReqnrollOutcome Outcome { get; } = outcome;
}

public sealed class NUnitTraceListener : ITraceListener
{
    public void WriteTestOutput(string message) => TestContext.Out.WriteLine(message);

    public void WriteToolOutput(string message) => TestContext.Out.WriteLine("-> " + message);
}

public sealed class NUnitAttachmentHandler(ITraceListener traceListener) : ReqnrollAttachmentHandler(traceListener)
{
    public override void AddAttachment(string filePath)
    {
        try
        {
            TestContext.AddTestAttachment(filePath);
        }
        catch (Exception)
        {
            base.AddAttachment(filePath);
        }
    }
}
