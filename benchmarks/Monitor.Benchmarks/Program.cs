using System.CommandLine;
using Monitor.Benchmarks;

var tags = new Option<int>("--tags") { Description = "Watched tags to seed.", DefaultValueFactory = _ => 5000 };
var concurrency = new Option<int>("--concurrency") { Description = "Registry concurrency for Monitor and wrk alike.", DefaultValueFactory = _ => 8 };
var seconds = new Option<int>("--wrk-seconds") { Description = "Duration of the raw wrk run.", DefaultValueFactory = _ => 10 };
var digests = new Option<int>("--digests-per-repository")
{
    Description = $"Distinct images per repository of {PollBenchmark.TagsPerRepository} tags: 1, every tag an alias of one image; {PollBenchmark.TagsPerRepository}, every tag its own image.",
    DefaultValueFactory = _ => 1,
};
var poll = new Command("poll", "One full poll cycle of N tags against the local registry, compared with raw wrk HEAD throughput.") { tags, concurrency, seconds, digests };
poll.SetAction(async parse =>
{
    if (parse.GetValue(digests) is < 1 or > PollBenchmark.TagsPerRepository)
    {
        await Console.Error.WriteLineAsync($"need 1 ≤ --digests-per-repository ≤ {PollBenchmark.TagsPerRepository}");
        return 2;
    }

    var report = await PollBenchmark.RunAsync(parse.GetValue(tags), parse.GetValue(concurrency), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(digests));
    Console.WriteLine();
    Console.WriteLine(report);
    return 0;
});

var cadenceTags = new Option<int>("--tags") { Description = "Watched tags to seed.", DefaultValueFactory = _ => 10_000 };
var days = new Option<int>("--days") { Description = "Daily revisions per tag (baseline included).", DefaultValueFactory = _ => 365 };
var repetitions = new Option<int>("--repetitions") { Description = "Timed requests per endpoint and run.", DefaultValueFactory = _ => 20 };
var runs = new Option<int>("--runs") { Description = "Service starts (each: cold refresh, requests, one incremental refresh).", DefaultValueFactory = _ => 3 };
var changed = new Option<int>("--changed") { Description = "Tags given a new revision before each run's incremental refresh.", DefaultValueFactory = _ => 100 };
var maxTagSeries = new Option<int>("--max-tag-series") { Description = "The service's Cadence:MaxTagSeries (tags exported to /metrics); 0 exports every tag.", DefaultValueFactory = _ => 0 };
var memoryLimit = new Option<int>("--memory-limit-mb")
{
    Description = "Run every start of the service in a memory cgroup with this limit, as a container with a memory limit (needs root; empties the page cache before each start). 0: no limit.",
    DefaultValueFactory = _ => 0,
};
var cadence = new Command("cadence", "Seed N tags × D daily rebuilds, then time the snapshot refresh, /api/tags, one tag's detail and /metrics of the real service.")
{
    cadenceTags, days, repetitions, runs, changed, maxTagSeries, memoryLimit,
};
cadence.SetAction(async parse =>
{
    var (tagCount, dayCount, changedCount, exportedTags) = (parse.GetValue(cadenceTags), parse.GetValue(days), parse.GetValue(changed), parse.GetValue(maxTagSeries));
    var limitMb = parse.GetValue(memoryLimit);
    if (tagCount < 20 || dayCount < 2 || parse.GetValue(repetitions) < 1 || parse.GetValue(runs) < 1 || changedCount < 1 || changedCount > tagCount / 2 || exportedTags < 0 || limitMb < 0)
    {
        await Console.Error.WriteLineAsync("need --tags ≥ 20, --days ≥ 2, --repetitions ≥ 1, --runs ≥ 1, 1 ≤ --changed ≤ tags / 2, --max-tag-series ≥ 0 and --memory-limit-mb ≥ 0");
        return 2;
    }

    var report = await CadenceBenchmark.RunAsync(tagCount, dayCount, parse.GetValue(repetitions), parse.GetValue(runs), changedCount,
        exportedTags == 0 ? tagCount : exportedTags, limitMb);
    Console.WriteLine();
    Console.WriteLine(report);
    return 0;
});

var connection = new Option<string>("--connection") { Description = "Connection string of an empty database (it is migrated first).", Required = true };
var seedTags = new Option<int>("--tags") { Description = "Watched tags to seed.", DefaultValueFactory = _ => 10_000 };
var seedDays = new Option<int>("--days") { Description = "Daily revisions per tag (baseline included).", DefaultValueFactory = _ => 365 };
var seedCommand = new Command("seed", "Migrate a database and seed it with the cadence benchmark's fleet, to profile against (nothing is measured).")
{
    connection, seedTags, seedDays,
};
seedCommand.SetAction(async parse =>
{
    var connectionString = parse.GetValue(connection)!;
    var migrate = await BenchmarkEnvironment.RunMonitorAsync(new Dictionary<string, string> { ["ConnectionStrings__Monitor"] = connectionString }, "migrate");
    if (migrate.ExitCode != 0)
    {
        await Console.Error.WriteLineAsync(migrate.Output);
        return 1;
    }

    var seeded = await CadenceSeed.RunAsync(connectionString, parse.GetValue(seedTags), parse.GetValue(seedDays));
    Console.WriteLine($"seeded {seeded.Revisions:N0} revisions and {seeded.Platforms:N0} platform rows in {seeded.Insert.TotalSeconds:0.0} s");
    return 0;
});

var root = new RootCommand("Monitor benchmarks (reports go to stdout; docs/benchmarks.md keeps the latest).") { poll, cadence, seedCommand };
return await root.Parse(args).InvokeAsync();
