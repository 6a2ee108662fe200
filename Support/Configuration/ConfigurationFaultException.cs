namespace Acceptance.Support.Configuration;

/// <summary>
/// The environment's settings lack something a scenario needs (a persona, a key): the run is broken, not the
/// product. The message names the setting to fix. LivingDoc shows a scenario that fails with it as "broken".
/// </summary>
public sealed class ConfigurationFaultException(string message) : Exception(message);
