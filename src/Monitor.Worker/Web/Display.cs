using System.Globalization;
using Monitor.Core.History;
using Monitor.Core.Reading;
using Monitor.Core.Staleness;

namespace Monitor.Worker.Web;

/// <summary>How the pages write values that the read model computed: spans, times, rates, digests, and the tone of a status.</summary>
internal static class Display
{
    public const string None = "–";

    public static string Duration(TimeSpan? span) => span is { } value ? DurationText.Format(value) : None;

    public static string Duration(double? seconds) => seconds is { } value ? DurationText.Format(TimeSpan.FromSeconds(value)) : None;

    public static string Rate(double? value) => value is { } rate ? rate.ToString("0.#", CultureInfo.InvariantCulture) : None;

    /// <summary>A number as a machine reads it (round-trip, invariant), for <c>data-value</c> attributes; null when unknown.</summary>
    public static string? Machine(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The exact moment for a <c>datetime</c> attribute (UTC, fractions only when there are any).</summary>
    public static string MachineTime(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);

    /// <summary><c>sha256:0123456789ab</c>: enough to tell digests apart on a page; the full digest goes in a title.</summary>
    public static string ShortDigest(string digest) => digest.Length > 19 ? digest[..19] : digest;

    /// <summary>A colour family for a status (CSS class <c>tone-…</c>): the page shows it beside the status's wire name, never alone.</summary>
    public static string Tone(StalenessStatus status) => status switch
    {
        StalenessStatus.Fresh => "tone-good",
        StalenessStatus.Due => "tone-warn",
        StalenessStatus.Stale or StalenessStatus.Missing => "tone-bad",
        _ => "tone-none",
    };

    public static string Tone(PollStatus status) => status is PollStatus.Failing or PollStatus.Missing ? "tone-bad" : "tone-none";
}
