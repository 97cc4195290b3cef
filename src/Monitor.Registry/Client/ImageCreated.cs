using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Registry.Client;

internal static partial class ImageCreated
{
    /// <summary>
    /// The config's <c>created</c>, or null when missing, unparseable or a reproducible-build placeholder
    /// (1970-01-01 from SOURCE_DATE_EPOCH=0, 0001-01-01 from Go's zero time): those say nothing about the build.
    /// </summary>
    public static DateTimeOffset? Parse(string? created) =>
        created is not null
        && DateTimeOffset.TryParse(TrimFraction(created), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
        && value > DateTimeOffset.UnixEpoch
            ? value
            : null;

    /// <summary>Go writes nanoseconds (9 fraction digits); .NET parses at most 7.</summary>
    private static string TrimFraction(string created) => LongFraction().Replace(created, match => match.Value[..8]);

    [GeneratedRegex(@"\.[0-9]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex LongFraction();
}
