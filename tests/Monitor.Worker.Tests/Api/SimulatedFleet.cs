using Microsoft.Extensions.Time.Testing;
using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Testing.Postgres;
using Monitor.Testing.Registry;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Api;

/// <summary>
/// Ten weeks of history made for real: images pushed to a real registry and poll cycles of the real engine run on a
/// simulated clock (day 0 = <see cref="Start"/>), then the real service host started on the same clock at
/// <see cref="Now"/> (day 72.5). Repositories are <c>fleet/&lt;name&gt;</c>, tag <c>latest</c>:
/// <list type="bullet">
/// <item><c>weekly</c>: baseline day 0, rebuilt on days 7, 14, …, 70 (ten rebuilds).</item>
/// <item><c>burst</c>: a linux/amd64 + linux/arm64 index; baseline day 0, rebuilt day 20, then re-pushed on day 50 and
/// again 3 h later (inside the 6 h settle window: one rebuild).</item>
/// <item><c>due</c>: baseline day 0, rebuilt days 46, 53, 60.</item>
/// <item><c>stale</c>: first pushed and watched on day 27.5, never rebuilt (45 days old at <see cref="Now"/>).</item>
/// <item><c>missing</c>: baseline day 0, rebuilt days 10 and 17, tag deleted on day 60.</item>
/// <item><c>unknown</c>: watched (group <c>other</c>) after the last poll; no history.</item>
/// </list>
/// Every poll cycle runs right after the pushes of its moment, so a rebuild's detection time is its push day.
/// </summary>
public sealed class SimulatedFleet(PostgresServer postgres) : IAsyncLifetime
{
    public const string OtherGroup = "other";

    /// <summary>Day 0: Monday 5 January 2026, 06:00 UTC (ISO week 2026-W02).</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Day 72.5: Wednesday 18 March 2026, 18:00 UTC (ISO week 2026-W12).</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 18, 18, 0, 0, TimeSpan.Zero);

    public static readonly string[] Names = ["weekly", "burst", "due", "stale", "missing", "unknown"];

    private RegistryServer? registry;
    private MonitorHost? host;

    public RegistryServer Registry => registry ?? throw new InvalidOperationException("not initialised");

    public MonitorHost Host => host ?? throw new InvalidOperationException("not initialised");

    public string ConnectionString { get; private set; } = "";

    public static string Repository(string name) => $"fleet/{name}";

    public string Reference(string name) => $"{Registry.Registry}/{Repository(name)}:latest";

    public async ValueTask InitializeAsync()
    {
        registry = await RegistryServer.StartAsync();
        ConnectionString = await postgres.CreateDatabaseAsync();
        var time = new FakeTimeProvider(Start);
        await using (var polling = new PollingHost(ConnectionString, time))
        {
            await RunScriptAsync(polling);
            time.SetUtcNow(Now.AddHours(-1));
            await polling.Get<WatchStore>().AddAsync(
                [new WatchSpec(new TagReference(Registry.Registry, Repository("unknown"), "latest"), OtherGroup, WatchSource.Api)], time.GetUtcNow(), CancellationToken.None);
        }

        time.SetUtcNow(Now);
        host = await MonitorHost.StartAsync(ConnectionString, time, groups: OtherGroup);
        await host.RefreshAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (registry is not null)
        {
            await registry.DisposeAsync();
        }
    }

    private async Task RunScriptAsync(PollingHost polling)
    {
        var script = new SortedDictionary<TimeSpan, List<Func<Task>>>();
        void At(TimeSpan offset, Func<Task> action)
        {
            if (!script.TryGetValue(offset, out var actions))
            {
                script[offset] = actions = [];
            }

            actions.Add(action);
        }

        Task Push(string name) => Registry.Pusher.PushImageAsync(Repository(name), "latest");
        Task PushIndex(string name) => Registry.Pusher.PushIndexAsync(Repository(name), "latest", [PlatformSpec.LinuxAmd64, PlatformSpec.LinuxArm64]);
        Task Watch(string name) => polling.WatchAsync(Registry.Registry, $"{Repository(name)}:latest");

        foreach (var name in new[] { "weekly", "due", "missing" })
        {
            At(Days(0), () => Push(name));
            At(Days(0), () => Watch(name));
        }

        At(Days(0), () => PushIndex("burst"));
        At(Days(0), () => Watch("burst"));
        for (var week = 1; week <= 10; week++)
        {
            At(Days(7 * week), () => Push("weekly"));
        }

        At(Days(20), () => PushIndex("burst"));
        At(Days(50), () => PushIndex("burst"));
        At(Days(50) + TimeSpan.FromHours(3), () => PushIndex("burst"));
        foreach (var day in new[] { 46, 53, 60 })
        {
            At(Days(day), () => Push("due"));
        }

        At(Days(27) + TimeSpan.FromHours(12), () => Push("stale"));
        At(Days(27) + TimeSpan.FromHours(12), () => Watch("stale"));
        At(Days(10), () => Push("missing"));
        At(Days(17), () => Push("missing"));
        At(Days(60), () => Registry.Pusher.DeleteTagAsync(Repository("missing"), "latest"));

        foreach (var (offset, actions) in script)
        {
            polling.Time.SetUtcNow(Start + offset);
            foreach (var action in actions)
            {
                await action();
            }

            var summary = await polling.Cycle.RunAsync(PollingHost.Group, CancellationToken.None);
            if (summary.Failed > 0)
            {
                throw new InvalidOperationException($"poll at day {offset.TotalDays} failed: {summary}");
            }
        }
    }

    private static TimeSpan Days(int days) => TimeSpan.FromDays(days);
}
