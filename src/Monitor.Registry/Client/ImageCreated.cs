using System.Globalization;

namespace Monitor.Registry.Client;

internal static class ImageCreated
{
    /// <summary>
    /// The config's <c>created</c>, or null when missing, unparseable or a reproducible-build placeholder
    /// (1970-01-01 from SOURCE_DATE_EPOCH=0, 0001-01-01 from Go's zero time): those say nothing about the build.
    /// </summary>
    public static DateTimeOffset? Parse(string? created) =>
        DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
        && value > DateTimeOffset.UnixEpoch
            ? value
            : null;
}
