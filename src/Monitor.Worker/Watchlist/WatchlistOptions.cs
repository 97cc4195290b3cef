namespace Monitor.Worker.Watchlist;

/// <summary>The watchlist: groups with schedules, and entries naming what to watch. Bound from the YAML file.</summary>
public sealed class WatchlistOptions
{
    public const string SectionName = "Watchlist";
    public const string DefaultGroup = "default";

    /// <summary>Quartz cron for tag discovery of entries with <c>discover: true</c>.</summary>
    public string DiscoverySchedule { get; set; } = "0 0 */6 * * ?";

    public List<WatchGroupOptions> Groups { get; set; } = [];

    public List<WatchEntryOptions> Entries { get; set; } = [];

    /// <summary>Groups as configured, plus <c>default</c> (every 15 minutes) when not configured: API-added watches land there.</summary>
    public IReadOnlyList<WatchGroupOptions> EffectiveGroups() =>
        Groups.Any(g => g.Name == DefaultGroup)
            ? Groups
            : [.. Groups, new WatchGroupOptions { Name = DefaultGroup }];
}

public sealed class WatchGroupOptions
{
    public string Name { get; set; } = "";

    /// <summary>Quartz cron expression (with seconds), e.g. <c>0 */15 * * * ?</c>.</summary>
    public string Schedule { get; set; } = "0 */15 * * * ?";

    /// <summary>A random delay up to this long before each cycle.</summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class WatchEntryOptions
{
    /// <summary>Any registry's repository, e.g. <c>python</c>, <c>gcr.io/distroless/static</c>.</summary>
    public string Repository { get; set; } = "";

    /// <summary>Exact tags.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Glob patterns (<c>*</c>, <c>?</c>, <c>[...]</c>) over the repository's tags.</summary>
    public List<string> Include { get; set; } = [];

    /// <summary>A regular expression over the repository's tags.</summary>
    public string? Regex { get; set; }

    /// <summary>Keep adding new tags that match <see cref="Include"/>/<see cref="Regex"/> as they appear.</summary>
    public bool Discover { get; set; }

    public string Group { get; set; } = WatchlistOptions.DefaultGroup;

    public StalenessOverride? Staleness { get; set; }
}

public sealed class StalenessOverride
{
    public TimeSpan? MaxAge { get; set; }

    public double? Factor { get; set; }
}
