using Acceptance.LivingDoc.Bench;

return await PageBenchmark.RunAsync(args);
