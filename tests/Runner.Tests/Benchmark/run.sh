#!/usr/bin/env bash
# Benchmark of the runner's overhead (not a test): N trivial scenarios run through the runner against N trivial
# plain NUnit tests, each run with `dotnet test --no-build` R times; prints the medians and the overhead per scenario.
# Usage: tests/Runner.Tests/Benchmark/run.sh [N=500] [R=5]
set -euo pipefail
n=${1:-500}
repeats=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
work="$root/artifacts/bench/runner"
rm -rf "$work" && mkdir -p "$work/gherkin/Features" "$work/plain"

# The runner side: the samples' bindings and entry point, one feature with N scenarios.
cp "$here/../Samples/RunnerEntry.cs" "$work/gherkin/"
cp -r "$here/../Samples/Bindings" "$work/gherkin/"
sed -e "s#../../../src/Runner/Runner.csproj#$root/src/Runner/Runner.csproj#" "$here/../Samples/Runner.Samples.csproj" > "$work/gherkin/Gherkin.Bench.csproj"
echo '{ "runner": { "featuresFolder": "Features" } }' > "$work/gherkin/reqnroll.json"
{
  echo "Feature: Many scenarios"
  for i in $(seq 1 "$n"); do
    printf '\n  Scenario: Scenario %s\n    Given an empty basket\n    Then the basket holds 0 items\n' "$i"
  done
} > "$work/gherkin/Features/Many.feature"

# The plain side: N NUnit tests doing the same work.
cat > "$work/plain/Plain.Bench.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><IsTestProject>true</IsTestProject><IsPackable>false</IsPackable></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="NUnit" /><PackageReference Include="NUnit3TestAdapter" /><PackageReference Include="Microsoft.NET.Test.Sdk" />
  </ItemGroup>
</Project>
XML
cat > "$work/plain/PlainTests.cs" <<CS
using NUnit.Framework;
[assembly: Parallelizable(ParallelScope.Fixtures)]
public sealed class PlainTests
{
    private int _count;
    public static IEnumerable<int> Cases => Enumerable.Range(1, $n);
    [TestCaseSource(nameof(Cases))]
    public void Scenario(int i) { _count = 0; Assert.That(_count, Is.EqualTo(0)); }
}
CS

dotnet build "$work/gherkin" -v q -nologo >/dev/null
dotnet build "$work/plain" -v q -nologo >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_runs() {
  for _ in $(seq 1 "$repeats"); do
    local start end
    start=$(date +%s.%N)
    dotnet test "$1" --no-build -nologo >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc
  done
}
gherkin=$(time_runs "$work/gherkin" | median)
plain=$(time_runs "$work/plain" | median)
per=$(echo "scale=3; ($gherkin - $plain) * 1000 / $n" | bc)
echo "scenarios: $n, repeats: $repeats"
echo "runner (Reqnroll via src/Runner): median wall time ${gherkin} s"
echo "plain NUnit tests:                median wall time ${plain} s"
echo "overhead per scenario:            ${per} ms"
