using System.ComponentModel.DataAnnotations;
using Monitor.Core.Cadence;
using Monitor.Core.Staleness;

namespace Monitor.Worker.Cadence;

/// <summary>How rebuilds are counted and when a tag is stale (section <c>Cadence</c>); per-watch overrides come from the watchlist.</summary>
public sealed class CadenceSettings
{
    public const string SectionName = "Cadence";

    /// <summary>Digest changes within this span of a burst's first change are one rebuild.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan SettleWindow { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Count rebuilds of one platform's child digest (e.g. <c>linux/amd64</c>) instead of the index digest; empty: the index.</summary>
    public string? Platform { get; set; }

    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    [Range(1.0, 100.0)]
    public double StaleFactor { get; set; } = 3;

    [Range(1.0, 100.0)]
    public double DueFactor { get; set; } = 1.5;

    /// <summary>How often the in-memory cadence snapshot catches up with the database (other replicas' changes included).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most tags exported as per-tag metric series; beyond it a warning is logged and monitor_tag_series_capped is 1.</summary>
    [Range(0, 1_000_000)]
    public int MaxTagSeries { get; set; } = 5000;

    public CadenceOptions ToCadenceOptions() => new()
    {
        SettleWindow = SettleWindow,
        Platform = string.IsNullOrWhiteSpace(Platform) ? null : PlatformSelector.Parse(Platform),
    };

    public StalenessPolicy ToPolicy() => new() { MaxAge = MaxAge, StaleFactor = StaleFactor, DueFactor = DueFactor };
}
