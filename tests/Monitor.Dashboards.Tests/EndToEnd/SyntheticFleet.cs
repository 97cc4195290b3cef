using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Dashboards.Tests.EndToEnd;

/// <summary>
/// Renders <c>SyntheticFleet/monitor-fleet.prom</c>, the hand-written stand-in for a Monitor replica's
/// /metrics: <c>{{now-SECONDS}}</c> becomes the scrape's unix time minus SECONDS, <c>{{n*K}}</c> the
/// scrape number times K (counters grow between scrapes).
/// </summary>
internal static partial class SyntheticFleet
{
    public static string Template { get; } =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SyntheticFleet", "monitor-fleet.prom"));

    public static string Render(string template, int scrape, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(template);
        var text = Placeholder().Replace(template, m => m.Groups["now"].Success
            ? (now.ToUnixTimeSeconds() - long.Parse(m.Groups["ago"].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)
            : (scrape * long.Parse(m.Groups["k"].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));
        var unknown = text.Split('\n').FirstOrDefault(l => !l.StartsWith('#') && l.Contains("{{", StringComparison.Ordinal));
        return unknown is null ? text : throw new FormatException("Unknown placeholder in the synthetic fleet: " + unknown);
    }

    /// <summary>Metric names of the sample lines of an exposition text.</summary>
    public static IReadOnlySet<string> SeriesNames(string exposition) =>
        exposition.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => SampleName().Match(l).Value)
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{\{(?:(?<now>now)-(?<ago>\d+)|n\*(?<k>\d+))\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();
}
