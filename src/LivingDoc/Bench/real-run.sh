#!/usr/bin/env bash
# The benchmark's input made by the real toolchain: a generated Reqnroll 3.3.4 project of N scenarios (features of
# 20: a Background, a Rule, 16 scenarios, an outline of 4 rows, a data table) with bindings that attach evidence
# like the suite's (log lines, http-exchanges.jsonl, websocket-frames.jsonl, timeline.jsonl per scenario, a ~60 KB
# screenshot for 2 %, 3 % failing), run with `dotnet test` through this repository's runner; Reqnroll's own
# `message` formatter writes the Cucumber messages.
# Usage: src/LivingDoc/Bench/real-run.sh [N=1000]  → artifacts/bench/livingdoc-N/messages.ndjson and Features/
set -euo pipefail
n=${1:-1000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work="$root/artifacts/bench/livingdoc-$n"
rm -rf "$work" && mkdir -p "$work/project/Features"
project="$work/project"

cat > "$project/LivingDocBench.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><IsTestProject>true</IsTestProject><IsPackable>false</IsPackable><RootNamespace>LivingDocBench</RootNamespace></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Reqnroll" /><PackageReference Include="NUnit" /><PackageReference Include="NUnit3TestAdapter" /><PackageReference Include="Microsoft.NET.Test.Sdk" />
  </ItemGroup>
  <ItemGroup><ProjectReference Include="$root/src/Runner/Runner.csproj" /></ItemGroup>
  <ItemGroup>
    <None Include="Features/**/*.feature" CopyToOutputDirectory="PreserveNewest" />
    <None Include="reqnroll.json" CopyToOutputDirectory="PreserveNewest" />
  </ItemGroup>
</Project>
XML

cat > "$project/reqnroll.json" <<JSON
{
  "formatters": { "message": { "outputFilePath": "$work/messages.ndjson" } },
  "runner": { "featuresFolder": "Features", "scenarioTimeLimitSeconds": 60 }
}
JSON

cat > "$project/Bindings.cs" <<'CS'
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Acceptance.Runner;
using NUnit.Framework;
using Reqnroll;

[assembly: Reqnroll.Plugins.RuntimePlugin(typeof(NUnitRuntimePlugin))]
[assembly: Parallelizable(ParallelScope.Fixtures)]

[SetUpFixture]
public sealed class BenchRun : TestRunLifetime;

namespace LivingDocBench
{
    [GherkinFeatures]
    public sealed class Features : FeatureFixture;

    [Binding]
    public sealed class Steps(IReqnrollOutputHelper output, ScenarioContext scenario)
    {
        private static readonly byte[] Png = Screenshot();
        private readonly List<string> _http = new();
        private readonly List<string> _timeline = new();
        private DateTimeOffset _start = DateTimeOffset.UtcNow;

        private int Hash => BitConverter.ToUInt16(SHA256.HashData(Encoding.UTF8.GetBytes(scenario.ScenarioInfo.Title + string.Join(",", scenario.ScenarioInfo.Arguments.Values.Cast<object>()))));

        private void Http(string intent)
        {
            var at = DateTimeOffset.UtcNow;
            var id = Guid.NewGuid().ToString("N");
            output.WriteLine($"[http] Alice: {intent}: POST http://127.0.0.1:5000/api/threads/{id[..6]}/messages → 201 in 12 ms; request {{\"content\":\"{new string('x', 120)}\"}}; response {{\"id\":\"{id}\",\"status\":\"queued\",\"role\":\"user\"}}");
            _http.Add(JsonSerializer.Serialize(new
            {
                started_at = at.ToString("O"), actor = "Alice", intent, method = "POST", url = "http://127.0.0.1:5000/api/threads/1/messages", status = 201, duration_ms = 12.5,
                request_headers = new Dictionary<string, string> { ["Authorization"] = "[REDACTED]", ["Content-Type"] = "application/json" }, request_body = "{\"content\":\"hello\"}",
                response_headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" }, response_body = $"{{\"id\":\"{id}\",\"status\":\"queued\"}}",
            }));
            _timeline.Add(JsonSerializer.Serialize(new { at = at.ToString("O"), source = "http", actor = "Alice", direction = "request", summary = $"POST /api/threads/1/messages" }));
            _timeline.Add(JsonSerializer.Serialize(new { at = at.AddMilliseconds(12).ToString("O"), source = "http", actor = "Alice", direction = "response", summary = "POST /api/threads/1/messages → 201 in 12 ms" }));
        }

        [BeforeScenario] public void Start() => _start = DateTimeOffset.UtcNow;
        [Given("Alice is signed in")] public void SignedIn() => Http("sign in");
        [Given("Alice has {int} conversations")] public void Conversations(int count) => Http($"create {count} conversations");
        [Given("Alice has a conversation")] public void Conversation() => Http("create a conversation");
        [Given("these conversations exist:")] public void These(DataTable table) => output.WriteLine($"{table.RowCount} conversations");
        [When("Alice asks the agent about topic {int}")] public void Ask(int topic) => Http($"ask about topic {topic}");
        [When("Alice sends {int} messages")] public void Send(int count) => Http($"send {count} messages");
        [Then("the conversation holds {int} messages")] public void Holds(int count) => Assert.That(count, Is.GreaterThan(0));
        [Then("the agent answers within the time limit")]
        public void Answers()
        {
            if (Hash % 100 < 3) Assert.Fail($"Timed out after {Hash % 30} s waiting for agent_completed on run {Guid.NewGuid()}; received 3 frames");
        }
        [Then("Alice sees the five agent events in order")] public void Events() { }
        [Then("the agent answered each")] public void AnsweredEach() { }

        [AfterScenario]
        public void SaveEvidence()
        {
            var folder = Path.Combine(Path.GetTempPath(), "livingdoc-bench-evidence", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var frames = new StringBuilder();
            var n = 0;
            foreach (var kind in new[] { "agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_thinking", "agent_completed" })
            {
                var payload = $"{{\"type\":\"{kind}\",\"run_id\":\"{Guid.NewGuid():N}\",\"data\":{{\"message\":\"{new string('y', 260)}\"}}}}";
                frames.Append(JsonSerializer.Serialize(new { channel = "Alice", direction = "received", offset_ms = 100 + n * 180.5, payload })).Append('\n');
                _timeline.Add(JsonSerializer.Serialize(new { at = _start.AddMilliseconds(100 + n * 180.5).ToString("O"), source = "ws", actor = "Alice", channel = "Alice#1", direction = "received", summary = kind }));
                n++;
            }
            Attach(folder, "websocket-frames.jsonl", Encoding.UTF8.GetBytes(frames.ToString()));
            Attach(folder, "http-exchanges.jsonl", Encoding.UTF8.GetBytes(string.Join("\n", _http) + "\n"));
            Attach(folder, "timeline.jsonl", Encoding.UTF8.GetBytes(string.Join("\n", _timeline.OrderBy(line => line, StringComparer.Ordinal)) + "\n"));
            if (Hash % 50 == 7) Attach(folder, "final-screen.png", Png);
        }

        private void Attach(string folder, string name, byte[] content)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, content);
            output.AddAttachment(path);
        }

        private static byte[] Screenshot()
        {
            var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
            var padded = new byte[60 * 1024];
            png.CopyTo(padded, 0);
            new Random(7).NextBytes(padded.AsSpan(png.Length));
            return padded;
        }
    }
}
CS

# Features of 20 scenarios: 16 plain ones and an outline of 4 rows, under a Rule, with a Background.
features=$(( (n + 19) / 20 ))
made=0
for f in $(seq 1 "$features"); do
  area=$(( (f - 1) / 10 + 1 ))
  dir="$project/Features/Area$area"
  mkdir -p "$dir"
  file="$dir/Capability$(printf %03d "$f").feature"
  {
    printf '@area%s @generated\nFeature: Capability %03d\n' "$area" "$f"
    printf '  Why this capability matters, in **Markdown**: a user *expects* it, `code` shows values,\n  and [the contract](https://example.test/contract) says so.\n\n'
    printf '  Background:\n    Given Alice is signed in\n\n'
    printf '  Rule: Capability %03d keeps its promise\n\n' "$f"
    for s in $(seq 1 16); do
      [ "$made" -ge "$n" ] && break
      if [ $((s % 5)) -eq 0 ]; then printf '    @smoke\n'; elif [ $((s % 7)) -eq 0 ]; then printf '    @websocket\n'; fi
      printf '    Scenario: Alice does thing %s of capability %03d\n' "$s" "$f"
      printf '      Given Alice has %s conversations\n' "$s"
      if [ "$s" -eq 1 ]; then printf '      And these conversations exist:\n        | title   | messages |\n        | Weather | 3        |\n        | Travel  | 5        |\n'; fi
      printf '      When Alice asks the agent about topic %s\n      Then the agent answers within the time limit\n      And Alice sees the five agent events in order\n\n' "$s"
      made=$((made + 1))
    done
    if [ "$made" -lt "$n" ]; then
      printf '    Scenario Outline: Alice sends <count> messages\n      Given Alice has a conversation\n      When Alice sends <count> messages\n      Then the conversation holds <count> messages\n      And the agent answered each\n\n      Examples:\n        | count |\n'
      for r in 1 2 3 4; do
        [ "$made" -ge "$n" ] && break
        printf '        | %s |\n' $((r * 2))
        made=$((made + 1))
      done
    fi
  } > "$file"
done

echo "Building the generated project ($n scenarios in $features features)…"
dotnet build "$project" -c Release -v q -nologo >/dev/null
echo "Running it through the runner (Reqnroll's message formatter writes the messages)…"
start=$(date +%s.%N)
( cd "$work" && dotnet test "$project" -c Release --no-build -nologo >"$work/test-output.txt" 2>&1 ) || true
end=$(date +%s.%N)
tail -n 3 "$work/test-output.txt"
rm -rf "$work/Features" && cp -r "$project/Features" "$work/Features"
rm -rf "$(dirname "$(mktemp -u)")/livingdoc-bench-evidence"
printf 'Messages: %s (%s bytes), features: %s; the run took %.0f s\n' "$work/messages.ndjson" "$(stat -c %s "$work/messages.ndjson")" "$work/Features" "$(echo "$end - $start" | bc)"
