using System.Globalization;

namespace Monitor.Registry.Observability;

/// <summary>Docker Hub's pull allowance from <c>ratelimit-limit: 100;w=21600</c> and <c>ratelimit-remaining: 87;w=21600</c>.</summary>
public sealed record DockerHubRateLimit(int? Limit, int Remaining, TimeSpan? Window)
{
    public const string LimitHeader = "ratelimit-limit";
    public const string RemainingHeader = "ratelimit-remaining";

    /// <summary>Null when the response carries no (parseable) <c>ratelimit-remaining</c>.</summary>
    public static DockerHubRateLimit? FromHeaders(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var remaining = Parse(Header(response, RemainingHeader));
        if (remaining is null)
        {
            return null;
        }

        var limit = Parse(Header(response, LimitHeader));
        return new DockerHubRateLimit(limit?.Count, remaining.Value.Count, remaining.Value.Window ?? limit?.Window);
    }

    /// <summary><c>87;w=21600</c> → (87, 6 h); <c>87</c> → (87, null).</summary>
    internal static (int Count, TimeSpan? Window)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }

        TimeSpan? window = null;
        foreach (var part in parts.Skip(1))
        {
            if (part.StartsWith("w=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(part[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                window = TimeSpan.FromSeconds(seconds);
            }
        }

        return (count, window);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
