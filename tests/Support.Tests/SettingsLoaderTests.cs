using Acceptance.Support.Configuration;
using NUnit.Framework;

namespace Acceptance.Support.Tests;

[TestFixture]
[NonParallelizable] // The tests set ACCEPTANCE_* variables of the process.
public sealed class SettingsLoaderTests
{
    private readonly Dictionary<string, string?> _saved = new();
    private string _directory = "";

    [SetUp]
    public void CopyTheEnvironmentFiles()
    {
        _directory = Directory.CreateTempSubdirectory("settings-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Support", "Environments"), "*.json")
                     .Where(f => !f.EndsWith(".local.json")))
            File.Copy(file, Path.Combine(_directory, Path.GetFileName(file)));
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("ACCEPTANCE_")))
            Set(name, null);
    }

    [TearDown]
    public void RestoreTheEnvironment()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        _saved.Clear();
        Directory.Delete(_directory, recursive: true);
    }

    private void Set(string name, string? value)
    {
        if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    [Test]
    public void Without_ACCEPTANCE_ENV_the_local_environment_is_loaded()
    {
        var settings = SettingsLoader.Load(_directory);
        Assert.That((settings.Environment, settings.Auth.Strategy, settings.Budgets.CompletionSeconds), Is.EqualTo(("local", "password", 10.0)));
    }

    [Test]
    public void Local_settings_give_no_endpoints_so_the_reference_platform_is_started() =>
        Assert.That(SettingsLoader.Load(_directory).Endpoints.AnyGiven, Is.False);

    [Test]
    public void The_preflight_waits_30_s_for_a_starting_platform_and_gives_each_check_4_s_by_default()
    {
        var preflight = SettingsLoader.Load(_directory).Preflight;
        Assert.That((preflight.Enabled, preflight.StartupWaitSeconds, preflight.CheckSeconds, preflight.Persona), Is.EqualTo((true, 30.0, 4.0, "Alice")));
    }

    [Test]
    public void ACCEPTANCE_variables_set_the_preflight_wait_and_the_remote_browser()
    {
        Set("ACCEPTANCE_Preflight__StartupWaitSeconds", "4");
        Set("ACCEPTANCE_Browser__RemoteEndpoint", "ws://127.0.0.1:9/abc");
        var settings = SettingsLoader.Load(_directory);
        Assert.That((settings.Preflight.StartupWaitSeconds, settings.Browser.IsRemote), Is.EqualTo((4.0, true)));
    }

    [Test]
    public void Without_a_remote_endpoint_the_browser_is_launched_locally() =>
        Assert.That(SettingsLoader.Load(_directory).Browser.IsRemote, Is.False);

    [Test]
    public void ACCEPTANCE_ENV_chooses_the_environment_file()
    {
        Set("ACCEPTANCE_ENV", "staging");
        Assert.That(SettingsLoader.Load(_directory).Endpoints.Api, Is.EqualTo("https://api.staging.example.invalid"));
    }

    [TestCase("ACCEPTANCE_Endpoints__Auth", "http://127.0.0.1:5101")]
    [TestCase("ACCEPTANCE_Endpoints__Api", "http://127.0.0.1:5102")]
    [TestCase("ACCEPTANCE_Endpoints__WebSocket", "ws://127.0.0.1:5102/api/v1/websocket")]
    [TestCase("ACCEPTANCE_Endpoints__App", "http://127.0.0.1:5103")]
    public void An_environment_variable_overrides_the_file(string variable, string value)
    {
        Set("ACCEPTANCE_ENV", "staging");
        Set(variable, value);
        var endpoints = SettingsLoader.Load(_directory).Endpoints;
        var actual = variable.Split("__")[1] switch
        {
            "Auth" => endpoints.Auth,
            "Api" => endpoints.Api,
            "WebSocket" => endpoints.WebSocket,
            _ => endpoints.App,
        };
        Assert.That(actual, Is.EqualTo(value));
    }

    [Test]
    public void ACCEPTANCE_Auth__Strategy_chooses_the_sign_in_strategy()
    {
        Set("ACCEPTANCE_Auth__Strategy", "e2e-bypass");
        Assert.That(SettingsLoader.Load(_directory).Auth.Strategy, Is.EqualTo("e2e-bypass"));
    }

    [Test]
    public void A_local_json_file_overrides_the_environment_file()
    {
        File.WriteAllText(Path.Combine(_directory, "local.local.json"), """{ "Budgets": { "CompletionSeconds": 42 } }""");
        Assert.That(SettingsLoader.Load(_directory).Budgets.CompletionSeconds, Is.EqualTo(42));
    }

    [Test]
    public void An_environment_variable_overrides_the_local_json_file()
    {
        File.WriteAllText(Path.Combine(_directory, "local.local.json"), """{ "Budgets": { "CompletionSeconds": 42 } }""");
        Set("ACCEPTANCE_Budgets__CompletionSeconds", "7");
        Assert.That(SettingsLoader.Load(_directory).Budgets.CompletionSeconds, Is.EqualTo(7));
    }

    [Test]
    public void A_persona_password_can_come_from_an_environment_variable()
    {
        Set("ACCEPTANCE_ENV", "staging");
        Set("ACCEPTANCE_Personas__Alice__Password", "from-the-environment");
        Assert.That(SettingsLoader.Load(_directory).Personas["Alice"].Password, Is.EqualTo("from-the-environment"));
    }

    [Test]
    public void An_unknown_environment_is_refused_by_name()
    {
        Set("ACCEPTANCE_ENV", "moon");
        Assert.That(() => SettingsLoader.Load(_directory), Throws.InvalidOperationException.With.Message.Contains("moon"));
    }

    [Test]
    public void An_unknown_strategy_is_refused()
    {
        Set("ACCEPTANCE_Auth__Strategy", "telepathy");
        Assert.That(() => SettingsLoader.Load(_directory), Throws.InvalidOperationException.With.Message.Contains("telepathy"));
    }

    [Test]
    public void Locally_signed_tokens_are_refused_outside_the_local_environment()
    {
        Set("ACCEPTANCE_ENV", "staging");
        Set("ACCEPTANCE_Auth__Strategy", "local-token");
        Assert.That(() => SettingsLoader.Load(_directory), Throws.InvalidOperationException.With.Message.Contains("local"));
    }

    [Test]
    public void Partly_given_endpoints_are_refused()
    {
        Set("ACCEPTANCE_Endpoints__Auth", "http://127.0.0.1:5101");
        Assert.That(() => SettingsLoader.Load(_directory), Throws.InvalidOperationException.With.Message.Contains("Endpoints:Api"));
    }
}
