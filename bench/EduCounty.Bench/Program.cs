using EduCounty.Bench;

// Benchmarks print figures as ratios against a baseline measured in the same run.
// Usage: dotnet run -c Release --project bench/EduCounty.Bench -- <name> [options]
return await Benchmarks.RunAsync(args);
