using System.ComponentModel.DataAnnotations;

namespace Monitor.Worker.Backfill;

/// <summary>The automatic back-fill of newly watched tags (section <c>Backfill</c>); <c>monitor backfill</c> and the API work either way.</summary>
public sealed class BackfillOptions
{
    public const string SectionName = "Backfill";

    /// <summary>Back-fill each tag's history once its baseline is recorded (in the background, after the poll cycle).</summary>
    public bool Automatic { get; set; } = true;

    /// <summary>How long after a failed automatic back-fill the tag is tried again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromHours(1);
}
