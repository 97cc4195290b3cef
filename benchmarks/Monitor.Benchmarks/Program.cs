using System.CommandLine;
using Monitor.Benchmarks;

var tags = new Option<int>("--tags") { Description = "Watched tags to seed.", DefaultValueFactory = _ => 5000 };
var concurrency = new Option<int>("--concurrency") { Description = "Registry concurrency for Monitor and wrk alike.", DefaultValueFactory = _ => 8 };
var seconds = new Option<int>("--wrk-seconds") { Description = "Duration of the raw wrk run.", DefaultValueFactory = _ => 10 };
var poll = new Command("poll", "One full poll cycle of N tags against the local registry, compared with raw wrk HEAD throughput.") { tags, concurrency, seconds };
poll.SetAction(async parse =>
{
    var report = await PollBenchmark.RunAsync(parse.GetValue(tags), parse.GetValue(concurrency), TimeSpan.FromSeconds(parse.GetValue(seconds)));
    Console.WriteLine();
    Console.WriteLine(report);
    return 0;
});

var root = new RootCommand("Monitor benchmarks (reports go to stdout; docs/benchmarks.md keeps the latest).") { poll };
return await root.Parse(args).InvokeAsync();
