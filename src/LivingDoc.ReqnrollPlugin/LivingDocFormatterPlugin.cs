using Acceptance.LivingDoc.ReqnrollPlugin;
using Reqnroll.Formatters;
using Reqnroll.Plugins;
using Reqnroll.UnitTestProvider;

[assembly: RuntimePlugin(typeof(LivingDocFormatterPlugin))]

namespace Acceptance.LivingDoc.ReqnrollPlugin;

/// <summary>Registers the `livingdoc` formatter with the test run, as Reqnroll's documentation for custom formatters describes.</summary>
public sealed class LivingDocFormatterPlugin : IRuntimePlugin
{
    public void Initialize(RuntimePluginEvents runtimePluginEvents, RuntimePluginParameters runtimePluginParameters, UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        runtimePluginEvents.RegisterGlobalDependencies += (_, args) =>
            args.ObjectContainer.RegisterTypeAs<LivingDocFormatter, ICucumberMessageFormatter>(LivingDocFormatter.FormatterName);
    }
}
